package dev.berth.config;

import dev.berth.config.BerthConfig.StorageConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The storage keys: {@code data}, {@code database-url}, {@code database-pool-size}, {@code
 * blob-store} with {@code archive-dir} or the {@code s3-*} keys, {@code blob-redirect}, {@code
 * master-key-file} and {@code upload-expiry}.
 */
final class StorageKeys {
  static final List<String> S3_KEYS =
      List.of(
          "s3-bucket",
          "s3-prefix",
          "s3-region",
          "s3-endpoint",
          "s3-path-style",
          "s3-access-key-id",
          "s3-secret-access-key",
          "s3-part-size",
          "s3-archive-storage-class");

  /** S3's bucket naming rules (lower case, 3-63 characters, no leading or trailing dot or dash). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+/)*");
  private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Z_]{2,32}");
  private static final long MIN_PART = 5L << 20;
  private static final long MAX_PART = 5L << 30;

  private StorageKeys() {}

  static StorageConfig parse(Map<String, String> v, String region) {
    Path data = path(v, "data").orElse(Path.of("./data").toAbsolutePath().normalize());
    DatabaseConfig database =
        new DatabaseConfig(
            v.getOrDefault("database-url", "jdbc:sqlite:" + data.resolve("berth.db")).strip(),
            (int) ConfigLoader.count(v, "database-pool-size", 10));
    String kind = v.getOrDefault("blob-store", "filesystem").strip().toLowerCase(Locale.ROOT);
    BlobStoreConfig blobs =
        switch (kind) {
          case "filesystem" -> {
            noS3Keys(v, kind);
            yield new BlobStoreConfig.Filesystem(data, archiveDir(v, data));
          }
          case "s3" -> {
            if (v.containsKey("archive-dir")) {
              throw new ConfigException(
                  "archive-dir: only with blob-store: filesystem (on S3 the archive tier is"
                      + " s3-archive-storage-class)");
            }
            yield s3(v, region);
          }
          case "memory" -> {
            noS3Keys(v, kind);
            yield new BlobStoreConfig.Memory();
          }
          default ->
              throw new ConfigException(
                  "blob-store: expected filesystem, s3 or memory, got '"
                      + v.get("blob-store")
                      + "'");
        };
    boolean redirect = onOff(v, "blob-redirect", true);
    Path masterKey = path(v, "master-key-file").orElse(data.resolve("master.key"));
    return new StorageConfig(
        data,
        database,
        blobs,
        ConfigLoader.duration("upload-expiry", v.getOrDefault("upload-expiry", "PT24H")),
        redirect,
        masterKey);
  }

  private static void noS3Keys(Map<String, String> v, String kind) {
    for (String key : S3_KEYS) {
      if (v.containsKey(key)) {
        throw new ConfigException(key + ": only with blob-store: s3 (blob-store is " + kind + ")");
      }
    }
  }

  private static BlobStoreConfig.S3 s3(Map<String, String> v, String region) {
    String bucket = v.getOrDefault("s3-bucket", "").strip();
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new ConfigException(
          "s3-bucket: "
              + (bucket.isEmpty()
                  ? "required with blob-store: s3"
                  : "expected an S3 bucket name (3-63 lower-case letters, digits, dots and dashes),"
                      + " got '"
                      + bucket
                      + "'"));
    }
    String prefix = v.getOrDefault("s3-prefix", "").strip();
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new ConfigException(
          "s3-prefix: expected path segments of letters, digits and !_.*'()- separated by /, got '"
              + v.get("s3-prefix")
              + "'");
    }
    Optional<URI> endpoint = Optional.ofNullable(v.get("s3-endpoint")).map(StorageKeys::endpoint);
    Optional<String> keyId = Optional.ofNullable(v.get("s3-access-key-id")).map(String::strip);
    Optional<String> secret = Optional.ofNullable(v.get("s3-secret-access-key"));
    if (keyId.isPresent() != secret.isPresent()) {
      throw new ConfigException(
          "s3-access-key-id: s3-access-key-id and s3-secret-access-key must be set together");
    }
    long partSize = ConfigLoader.bytes(v, "s3-part-size", 8L << 20);
    if (partSize < MIN_PART || partSize > MAX_PART) {
      throw new ConfigException("s3-part-size: expected 5MiB to 5GiB (S3's limits for a part)");
    }
    String storageClass = v.getOrDefault("s3-archive-storage-class", "GLACIER_IR").strip();
    if (!STORAGE_CLASS.matcher(storageClass).matches()) {
      throw new ConfigException(
          "s3-archive-storage-class: expected an S3 storage class like GLACIER_IR, got '"
              + storageClass
              + "'");
    }
    return new BlobStoreConfig.S3(
        bucket,
        prefix,
        v.getOrDefault("s3-region", region).strip(),
        endpoint,
        onOff(v, "s3-path-style", false),
        keyId.map(k -> new BlobStoreConfig.Credentials(k, secret.orElseThrow())),
        partSize,
        storageClass);
  }

  private static URI endpoint(String text) {
    try {
      URI uri = new URI(text.strip());
      if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getUserInfo() != null) {
        throw new URISyntaxException(text, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "s3-endpoint: expected an http:// or https:// URL like http://127.0.0.1:9000, got '"
              + text
              + "'");
    }
  }

  /** {@code on}/{@code off} (or {@code true}/{@code false}). */
  static boolean onOff(Map<String, String> v, String key, boolean fallback) {
    String text = v.get(key);
    if (text == null) {
      return fallback;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new ConfigException(key + ": expected on or off, got '" + text + "'");
    };
  }

  private static Optional<Path> path(Map<String, String> v, String key) {
    String text = v.get(key);
    if (text == null) {
      return Optional.empty();
    }
    try {
      if (text.isBlank()) {
        throw new InvalidPathException(text, "empty");
      }
      return Optional.of(Path.of(text.strip()).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw new ConfigException(key + ": not a valid path: '" + text + "'");
    }
  }

  /** The archive tier's root: anywhere but the data directory itself or its blob directories. */
  private static Path archiveDir(Map<String, String> v, Path data) {
    Optional<Path> configured = path(v, "archive-dir");
    if (configured.isEmpty()) {
      return data.resolve("archive");
    }
    Path dir = configured.get();
    if (dir.equals(data)
        || dir.startsWith(data.resolve("blobs"))
        || dir.startsWith(data.resolve("uploads"))
        || dir.startsWith(data.resolve("tier-tmp"))
        || data.startsWith(dir)) {
      throw new ConfigException(
          "archive-dir: expected a directory apart from the data directory and its blobs, got '"
              + v.get("archive-dir")
              + "'");
    }
    return dir;
  }
}
