package dev.berth.blob.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the S3 blob store keeps its objects.
 *
 * @param bucket the bucket
 * @param prefix key prefix inside the bucket; empty, or normalised to end with {@code /}
 * @param region the signing region (any value a third-party server accepts, e.g. {@code us-east-1})
 * @param endpoint the server's URL, for a server other than AWS's regional endpoints
 * @param pathStyle path-style addressing ({@code endpoint/bucket/key}) instead of virtual-host
 *     style ({@code bucket.endpoint/key})
 * @param accessKeyId a static access key id; with {@code secretAccessKey}, else the SDK's default
 *     credential chain
 * @param secretAccessKey the static secret, present exactly when {@code accessKeyId} is
 * @param partSize bytes per multipart part; at least 5 MiB (S3's minimum for every part but the
 *     last), at most 5 GiB; also the memory one append holds
 * @param archiveStorageClass the storage class of the archive tier; it must serve reads without a
 *     restore ({@code GLACIER_IR}, {@code STANDARD_IA}, ...)
 */
public record S3Settings(
    String bucket,
    String prefix,
    String region,
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    long partSize,
    String archiveStorageClass) {
  /** S3's smallest part other than the last. */
  public static final long MIN_PART_SIZE = 5L << 20;

  /** The default part size. */
  public static final long DEFAULT_PART_SIZE = 8L << 20;

  /** The default archive storage class: instant reads, cheaper storage. */
  public static final String DEFAULT_ARCHIVE_STORAGE_CLASS = "GLACIER_IR";

  public S3Settings {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket must not be empty");
    }
    prefix = Objects.requireNonNullElse(prefix, "");
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException("S3 access key id and secret go together");
    }
    if (partSize < MIN_PART_SIZE || partSize > (5L << 30)) {
      throw new IllegalArgumentException(
          "S3 part size " + partSize + " outside " + MIN_PART_SIZE + ".." + (5L << 30));
    }
    Objects.requireNonNull(archiveStorageClass, "archiveStorageClass");
    if (archiveStorageClass.isBlank() || archiveStorageClass.equals("STANDARD")) {
      throw new IllegalArgumentException("the archive storage class must differ from STANDARD");
    }
  }

  /** A bucket on AWS in the region, default credentials, part size and archive class. */
  public static S3Settings of(String bucket, String region) {
    return new S3Settings(
        bucket,
        "",
        region,
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_PART_SIZE,
        DEFAULT_ARCHIVE_STORAGE_CLASS);
  }

  /** The same on another server. */
  public S3Settings withEndpoint(URI newEndpoint, boolean newPathStyle) {
    return new S3Settings(
        bucket,
        prefix,
        region,
        Optional.of(newEndpoint),
        newPathStyle,
        accessKeyId,
        secretAccessKey,
        partSize,
        archiveStorageClass);
  }

  /** The same with static credentials. */
  public S3Settings withCredentials(String newAccessKeyId, String newSecretAccessKey) {
    return new S3Settings(
        bucket,
        prefix,
        region,
        endpoint,
        pathStyle,
        Optional.of(newAccessKeyId),
        Optional.of(newSecretAccessKey),
        partSize,
        archiveStorageClass);
  }

  /** The same with another part size. */
  public S3Settings withPartSize(long newPartSize) {
    return new S3Settings(
        bucket,
        prefix,
        region,
        endpoint,
        pathStyle,
        accessKeyId,
        secretAccessKey,
        newPartSize,
        archiveStorageClass);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "S3Settings[bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", pathStyle="
        + pathStyle
        + ", accessKeyId="
        + accessKeyId
        + ", partSize="
        + partSize
        + ", archiveStorageClass="
        + archiveStorageClass
        + "]";
  }
}
