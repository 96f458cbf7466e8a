package dev.berth.api.oci;

import java.util.List;
import java.util.Locale;
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

  /**
   * The repository's name as the request's URL writes it (the handed-out {@code Location} and
   * {@code Link} URLs repeat it): on the public host it begins with the registry's alias.
   */
  static String urlName(dev.berth.http.Exchange ex, dev.berth.model.Repository repo) {
    return parse(ex.path())
        .map(OciPath::name)
        .filter(n -> !n.isEmpty())
        .orElse(repo.name().value());
  }

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

  /**
   * The bounded route name metrics and the access log use for {@code method} on this path, e.g.
   * {@code manifest_get}, {@code blob_get}, {@code upload_patch}; {@code method_not_allowed} for a
   * method the path does not take.
   */
  String operation(String method) {
    String op =
        switch (kind) {
          case BASE -> "GET".equals(method) || "HEAD".equals(method) ? "base" : "";
          case CATALOG -> "GET".equals(method) ? "catalog" : "";
          case TAGS -> "GET".equals(method) ? "tags_list" : "";
          case REFERRERS -> "GET".equals(method) ? "referrers" : "";
          case MANIFEST ->
              switch (method) {
                case "GET", "HEAD", "PUT", "DELETE" ->
                    "manifest_" + method.toLowerCase(Locale.ROOT);
                default -> "";
              };
          case BLOB ->
              switch (method) {
                case "GET", "HEAD", "DELETE" -> "blob_" + method.toLowerCase(Locale.ROOT);
                default -> "";
              };
          case UPLOADS -> "POST".equals(method) ? "upload_start" : "";
          case UPLOAD ->
              switch (method) {
                case "GET" -> "upload_status";
                case "PATCH" -> "upload_patch";
                case "PUT" -> "upload_complete";
                case "DELETE" -> "upload_cancel";
                default -> "";
              };
        };
    return op.isEmpty() ? "method_not_allowed" : op;
  }
}
