package dev.berth.testkit;

import dev.berth.blob.BlobStore;
import dev.berth.blob.s3.S3BlobStore;
import org.junit.jupiter.api.AfterEach;

/** The contract on the S3 store against a real S3 protocol server (S3Proxy), path style. */
class S3BlobStoreTest extends BlobStoreContract {
  String bucket = "";

  /** The server this run of the contract uses (path style here). */
  S3TestServer server() {
    return S3TestServer.get();
  }

  @Override
  protected BlobStore newStore() {
    bucket = server().newBucket();
    return new S3BlobStore(server().settings(bucket));
  }

  @Override
  protected boolean readsStagedBytes() {
    return false;
  }

  /**
   * A listing page arrives whole (up to 1000 keys), so blobs deleted while the walk runs may still
   * be reported from the page in hand, as the port allows ("may or may not be seen"); each is seen
   * at most once and the deletions hold. The file store checks every entry as it walks.
   */
  @Override
  @org.junit.jupiter.api.Test
  void forEachBlob_toleratesDeletionsDuringTheWalk() {
    java.util.List<dev.berth.model.Digest> all = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(put("w" + i, bytes(16, 100 + i)));
    }
    java.util.List<dev.berth.model.Digest> seen = new java.util.ArrayList<>();
    store.forEachBlob(
        s -> {
          seen.add(s.digest());
          all.forEach(store::delete);
        });
    org.assertj.core.api.Assertions.assertThat(seen).doesNotHaveDuplicates().isSubsetOf(all);
    org.assertj.core.api.Assertions.assertThat(seen).isNotEmpty();
    org.assertj.core.api.Assertions.assertThat(store.digests()).isEmpty();
  }

  /** The contract's check first, then the store's client is closed. */
  @Override
  @AfterEach
  void noLeftoverStaging() {
    try {
      super.noLeftoverStaging();
    } finally {
      ((S3BlobStore) store).close();
    }
  }
}
