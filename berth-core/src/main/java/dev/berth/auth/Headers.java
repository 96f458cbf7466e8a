package dev.berth.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lookups in a {@link SignedRequest}'s headers (keyed by lower-case name). */
final class Headers {
  private Headers() {}

  /** The first value of the header, if sent. */
  static Optional<String> first(Map<String, List<String>> headers, String lowerCaseName) {
    List<String> values = headers.getOrDefault(lowerCaseName, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
