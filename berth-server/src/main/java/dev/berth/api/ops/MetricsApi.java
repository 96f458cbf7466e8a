package dev.berth.api.ops;

import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.observe.Metrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /metrics}: the Prometheus text exposition. With a token configured it answers only
 * {@code Authorization: Bearer <token>} (compared in constant time; 401 otherwise), from anywhere;
 * without one, only clients on a loopback address (403 otherwise).
 */
public final class MetricsApi implements Route {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

  private final Metrics metrics;
  private final Optional<byte[]> token;

  public MetricsApi(Metrics metrics, Optional<String> token) {
    this.metrics = metrics;
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(Exchange ex) {
    ex.notes().operation("metrics");
    if (!"GET".equals(ex.method()) && !"HEAD".equals(ex.method())) {
      ex.header("Allow", "GET, HEAD");
      refuse(ex, 405, "validation", "method not allowed");
      return;
    }
    if (token.isPresent()) {
      if (!tokenMatches(ex.header("Authorization").orElse(""), token.get())) {
        ex.header("WWW-Authenticate", "Bearer realm=\"berth metrics\"");
        refuse(ex, 401, "authentication", "missing or wrong metrics token");
        return;
      }
    } else if (!loopback(ex.remoteAddress())) {
      refuse(ex, 403, "authorization", "metrics answer loopback clients only (no metrics-token)");
      return;
    }
    ex.status(200).send(CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }

  private static void refuse(Exchange ex, int status, String check, String why) {
    ex.notes().refused(check, why);
    ex.notes().error(status == 405 ? "method_not_allowed" : "denied");
    ex.status(status)
        .send("text/plain; charset=utf-8", (why + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** {@code Bearer <token>}, compared without leaking how much of it matched. */
  static boolean tokenMatches(String header, byte[] expected) {
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }

  /** Whether a literal client address is a loopback one ({@code 127.0.0.0/8}, {@code ::1}). */
  static boolean loopback(String address) {
    String a = address.toLowerCase(Locale.ROOT);
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (a.startsWith("::ffff:") || a.startsWith("0:0:0:0:0:ffff:")) {
      a = a.substring(a.lastIndexOf(':') + 1);
    }
    return IPV4_LOOPBACK.matcher(a).matches() || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
  }
}
