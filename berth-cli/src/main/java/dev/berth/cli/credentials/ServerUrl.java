package dev.berth.cli.credentials;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry a client asks about, as the credential-helper protocol passes it: {@code
 * 127.0.0.1:5000}, {@code registry.example.com}, or with a scheme and path ({@code
 * https://host:5000/v2/}).
 *
 * @param text the server URL exactly as given (the helper answers with it)
 * @param scheme {@code http} or {@code https} when the text names one
 * @param host the host name or address, lower case, IPv6 in brackets
 * @param port the port when the text names one
 */
record ServerUrl(String text, Optional<String> scheme, String host, Optional<Integer> port) {
  /** {@code <account>.dkr.ecr[-fips].<region>.<domain>}, as ECR and Berth's host scheme name it. */
  private static final Pattern ECR_HOST =
      Pattern.compile("^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\..+$");

  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(?:\\.\\d{1,3}){3}$");

  /** Parses a server URL; empty when it names no host. */
  static Optional<ServerUrl> parse(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    String withScheme = t.contains("://") ? t : "placeholder://" + t;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> scheme =
        t.contains("://")
            ? Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT))
            : Optional.empty();
    if (scheme.isPresent() && !scheme.get().equals("http") && !scheme.get().equals("https")) {
      return Optional.empty();
    }
    Optional<Integer> port = uri.getPort() < 0 ? Optional.empty() : Optional.of(uri.getPort());
    return Optional.of(new ServerUrl(t, scheme, host.toLowerCase(Locale.ROOT), port));
  }

  /** {@code host[:port]}: the registry, whatever scheme or path the text had. */
  String registry() {
    return port.map(p -> host + ":" + p).orElse(host);
  }

  /** The region an ECR-style host names ({@code 123456789012.dkr.ecr.eu-west-1.example.com}). */
  Optional<String> ecrRegion() {
    Matcher m = ECR_HOST.matcher(host);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * Whether the host is a loopback name or address ({@code localhost}, {@code *.localhost}, {@code
   * 127.0.0.0/8}, {@code ::1}), decided without a DNS lookup.
   */
  boolean loopback() {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (IPV4.matcher(host).matches()) {
      return host.startsWith("127.");
    }
    return host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]");
  }
}
