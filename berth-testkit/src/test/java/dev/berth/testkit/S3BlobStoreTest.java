package dev.berth.testkit;

import dev.berth.blob.BlobStore;
import dev.berth.blob.s3.S3BlobStore;
import org.junit.jupiter.api.AfterEach;

/** The contract on the S3 store against a real S3 protocol server (S3Proxy), path style. */
class S3BlobStoreTest extends BlobStoreContract {
  static final S3TestServer SERVER = S3TestServer.get();
  String bucket = "";

  @Override
  protected BlobStore newStore() {
    bucket = SERVER.newBucket();
    return new S3BlobStore(SERVER.settings(bucket));
  }

  @Override
  protected boolean readsStagedBytes() {
    return false;
  }

  @AfterEach
  void closeStore() {
    ((S3BlobStore) store).close();
  }
}
