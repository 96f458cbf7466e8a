package dev.berth.api.ui;

import dev.berth.http.Exchange;
import java.util.Optional;

/** Reads request cookies. */
final class Cookies {
  private Cookies() {}

  /** The first cookie of that name (the one with the most specific path, as browsers send). */
  static Optional<String> get(Exchange ex, String name) {
    for (String header : ex.headerMap().getOrDefault("cookie", java.util.List.of())) {
      for (String part : header.split(";", -1)) {
        String p = part.strip();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).equals(name)) {
          return Optional.of(p.substring(eq + 1));
        }
      }
    }
    return Optional.empty();
  }
}
