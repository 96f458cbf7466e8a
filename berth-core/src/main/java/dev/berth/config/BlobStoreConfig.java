package dev.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where blob bytes live ({@code blob-store}: filesystem, s3 or memory). */
public sealed interface BlobStoreConfig {
  /**
   * Files under the data directory ({@code blob-store: filesystem}, the default).
   *
   * @param root the data directory, holding {@code blobs/} and {@code uploads/}
   * @param archiveDir the archive tier's root ({@code archive-dir}; default {@code
   *     <data>/archive}); another volume may hold it
   */
  record Filesystem(Path root, Path archiveDir) implements BlobStoreConfig {}

  /**
   * An S3-compatible bucket shared by every node ({@code blob-store: s3}).
   *
   * @param bucket {@code s3-bucket}
   * @param prefix {@code s3-prefix}: key prefix, empty or ending in {@code /}
   * @param region {@code s3-region}; default the registry's region
   * @param endpoint {@code s3-endpoint}: an S3-compatible server's URL; default AWS's
   * @param pathStyle {@code s3-path-style}: {@code https://host/bucket/key} addressing instead of
   *     {@code https://bucket.host/key}
   * @param credentials {@code s3-access-key-id} and {@code s3-secret-access-key}; default the AWS
   *     SDK's chain (environment, profile, instance role)
   * @param partSize {@code s3-part-size}: bytes per multipart part, 5 MiB or more
   * @param archiveStorageClass {@code s3-archive-storage-class}: the archive tier's storage class
   */
  record S3(
      String bucket,
      String prefix,
      String region,
      Optional<URI> endpoint,
      boolean pathStyle,
      Optional<Credentials> credentials,
      long partSize,
      String archiveStorageClass)
      implements BlobStoreConfig {}

  /** Static S3 credentials. */
  record Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + ", secret hidden]";
    }
  }

  /** In memory, lost at exit: for tests and trying things out ({@code blob-store: memory}). */
  record Memory() implements BlobStoreConfig {}
}
