package dev.berth.cli.credentials;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the helper reads from its environment besides the AWS SDK's own settings.
 *
 * @param endpoint {@code BERTH_ENDPOINT}: the ECR API endpoint for every server (default: the
 *     server's own host and port)
 * @param scheme {@code BERTH_ENDPOINT_SCHEME}: {@code https} or {@code http} for derived endpoints
 *     (default: {@code http} for loopback hosts, {@code https} otherwise)
 * @param region {@code BERTH_REGION}: the signing region, ahead of the host name and the SDK chain
 * @param caBundle {@code AWS_CA_BUNDLE}: PEM certificates to trust for HTTPS, as the aws CLI
 * @param cacheDir {@code $XDG_CACHE_HOME/berth}, else {@code ~/.cache/berth}
 */
record HelperSettings(
    Optional<URI> endpoint,
    Optional<String> scheme,
    Optional<String> region,
    Optional<Path> caBundle,
    Path cacheDir) {

  /** Reads the settings from {@code env}; {@code home} is the user's home directory. */
  static HelperSettings from(Map<String, String> env, Path home) {
    Optional<URI> endpoint = value(env, "BERTH_ENDPOINT").map(HelperSettings::endpoint);
    Optional<String> scheme =
        value(env, "BERTH_ENDPOINT_SCHEME").map(s -> s.toLowerCase(Locale.ROOT));
    if (scheme.isPresent() && !scheme.get().equals("http") && !scheme.get().equals("https")) {
      throw new HelperException(
          "BERTH_ENDPOINT_SCHEME: expected http or https, got '" + scheme.get() + "'");
    }
    Path cacheHome =
        value(env, "XDG_CACHE_HOME")
            .map(Path::of)
            .filter(Path::isAbsolute)
            .orElse(home.resolve(".cache"));
    return new HelperSettings(
        endpoint,
        scheme,
        value(env, "BERTH_REGION"),
        value(env, "AWS_CA_BUNDLE").map(Path::of),
        cacheHome.resolve("berth"));
  }

  private static URI endpoint(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new HelperException("BERTH_ENDPOINT: not a URL: '" + text + "'");
    }
    String scheme = String.valueOf(uri.getScheme());
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new HelperException(
          "BERTH_ENDPOINT: expected http(s)://HOST[:PORT], got '" + text + "'");
    }
    return uri;
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /**
   * The ECR API endpoint for {@code server}: {@code BERTH_ENDPOINT}, else the server's host and
   * port with the scheme the server URL names, else {@code BERTH_ENDPOINT_SCHEME}, else {@code
   * http} for loopback and {@code https} for any other host.
   */
  URI endpointFor(ServerUrl server) {
    if (endpoint.isPresent()) {
      return endpoint.get();
    }
    String s = server.scheme().or(() -> scheme).orElse(server.loopback() ? "http" : "https");
    return URI.create(s + "://" + server.registry());
  }
}
