package dev.berth.blob;

import java.util.regex.Pattern;

/** The whole blob store: every role joined. */
public interface BlobStore
    extends BlobStatter,
        BlobReader,
        BlobStaging,
        BlobDeleter,
        BlobLister,
        BlobTiers,
        BlobProbe,
        BlobPresigner {
  /** Staging keys are opaque ids; this keeps them safe as file names and object keys. */
  Pattern STAGING_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

  /** Throws when a staging key could escape its directory or prefix. */
  static String checkKey(String key) {
    if (key == null || !STAGING_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("invalid staging key '" + key + "'");
    }
    return key;
  }
}
