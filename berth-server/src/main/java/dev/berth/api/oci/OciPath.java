package dev.berth.api.oci;

import java.util.List;
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

  /** A path shape: its pattern, and whether a second group (reference or id) follows the name. */
  private record Route(Pattern pattern, Kind kind, boolean withReference) {
    Route(String regex, Kind kind, boolean withReference) {
      this(Pattern.compile(regex), kind, withReference);
    }
  }

  /** In match order: an upload path is tried before the blob path it would also match. */
  private static final List<Route> ROUTES =
      List.of(
          new Route("/v2/(.+)/blobs/uploads/?", Kind.UPLOADS, false),
          new Route("/v2/(.+)/blobs/uploads/([^/]+)", Kind.UPLOAD, true),
          new Route("/v2/(.+)/manifests/([^/]+)", Kind.MANIFEST, true),
          new Route("/v2/(.+)/blobs/([^/]+)", Kind.BLOB, true),
          new Route("/v2/(.+)/tags/list", Kind.TAGS, false),
          new Route("/v2/(.+)/referrers/([^/]+)", Kind.REFERRERS, true));

  static Optional<OciPath> parse(String path) {
    if ("/v2".equals(path) || "/v2/".equals(path)) {
      return Optional.of(new OciPath(Kind.BASE, "", ""));
    }
    if ("/v2/_catalog".equals(path)) {
      return Optional.of(new OciPath(Kind.CATALOG, "", ""));
    }
    for (Route route : ROUTES) {
      Matcher m = route.pattern().matcher(path);
      if (m.matches()) {
        return Optional.of(
            new OciPath(route.kind(), m.group(1), route.withReference() ? m.group(2) : ""));
      }
    }
    return Optional.empty();
  }
}
