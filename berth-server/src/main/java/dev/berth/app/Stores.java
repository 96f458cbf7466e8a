package dev.berth.app;

import dev.berth.blob.BlobStore;
import dev.berth.blob.fs.FileBlobStore;
import dev.berth.blob.memory.InMemoryBlobStore;
import dev.berth.blob.s3.S3BlobStore;
import dev.berth.blob.s3.S3Settings;
import dev.berth.config.BlobStoreConfig;
import dev.berth.config.DatabaseConfig;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.util.Optional;

/** The store factories: the configured backends, opened. */
final class Stores {
  private Stores() {}

  /**
   * Opens (and migrates) the metadata database; its pools report to the meters when given. Data of
   * a deployment from before regions moves to {@code homeRegion}.
   */
  static MetadataStore metadata(
      DatabaseConfig database, Optional<Object> meters, String homeRegion) {
    return JdbcMetadata.open(database.url(), database.poolSize(), meters.orElse(null), homeRegion);
  }

  /** Opens the blob store. */
  static BlobStore blobs(BlobStoreConfig config) {
    return switch (config) {
      case BlobStoreConfig.Filesystem fs -> new FileBlobStore(fs.root(), fs.archiveDir());
      case BlobStoreConfig.Memory memory -> new InMemoryBlobStore();
      case BlobStoreConfig.S3 s3 -> new S3BlobStore(settings(s3));
    };
  }

  private static S3Settings settings(BlobStoreConfig.S3 c) {
    return new S3Settings(
        c.bucket(),
        c.prefix(),
        c.region(),
        c.endpoint(),
        c.pathStyle(),
        c.credentials().map(BlobStoreConfig.Credentials::accessKeyId),
        c.credentials().map(BlobStoreConfig.Credentials::secretAccessKey),
        c.partSize(),
        c.archiveStorageClass());
  }
}
