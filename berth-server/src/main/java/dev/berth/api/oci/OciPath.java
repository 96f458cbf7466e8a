package dev.berth.api.oci;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code /v2/} path. Names may contain slashes, so each pattern takes the longest name
 * before its fixed suffix.
 */
record OciPath(Kind kind, String name, String argument) {
  enum Kind {
    BASE,
    CATALOG,
    MANIFEST,
    BLOB,
    UPLOADS,
    UPLOAD,
    TAGS,
    REFERRERS
  }

  private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/?");
  private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
  private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
  private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/([^/]+)");

  static Optional<OciPath> parse(String path) {
    if ("/v2".equals(path) || "/v2/".equals(path)) {
      return Optional.of(new OciPath(Kind.BASE, "", ""));
    }
    if ("/v2/_catalog".equals(path)) {
      return Optional.of(new OciPath(Kind.CATALOG, "", ""));
    }
    Matcher m;
    if ((m = UPLOADS.matcher(path)).matches()) {
      return Optional.of(new OciPath(Kind.UPLOADS, m.group(1), ""));
    }
    if ((m = UPLOAD.matcher(path)).matches()) {
      return Optional.of(new OciPath(Kind.UPLOAD, m.group(1), m.group(2)));
    }
    if ((m = MANIFEST.matcher(path)).matches()) {
      return Optional.of(new OciPath(Kind.MANIFEST, m.group(1), m.group(2)));
    }
    if ((m = BLOB.matcher(path)).matches()) {
      return Optional.of(new OciPath(Kind.BLOB, m.group(1), m.group(2)));
    }
    if ((m = TAGS.matcher(path)).matches()) {
      return Optional.of(new OciPath(Kind.TAGS, m.group(1), ""));
    }
    if ((m = REFERRERS.matcher(path)).matches()) {
      return Optional.of(new OciPath(Kind.REFERRERS, m.group(1), m.group(2)));
    }
    return Optional.empty();
  }
}
