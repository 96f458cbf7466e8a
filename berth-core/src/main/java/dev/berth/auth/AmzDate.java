package dev.berth.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** The two date forms a signature may carry, and the ISO-8601 basic form used when signing. */
final class AmzDate {
  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);

  private AmzDate() {}

  /** Parses {@code yyyyMMdd'T'HHmmss'Z'} (the {@code X-Amz-Date} form). */
  static Optional<Instant> parseBasic(String text) {
    try {
      return Optional.of(Instant.from(BASIC.parse(text)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Parses the RFC 1123 form of the HTTP {@code Date} header. */
  static Optional<Instant> parseHttp(String text) {
    try {
      return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC. */
  static String format(Instant instant) {
    return BASIC.format(instant);
  }
}
