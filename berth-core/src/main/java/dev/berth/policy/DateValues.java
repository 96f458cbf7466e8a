package dev.berth.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dates as the Date condition operators accept them: ISO 8601 (a date, a date-time with {@code Z}
 * or an offset, or a local date-time taken as UTC) or a number of seconds since the epoch (the form
 * of {@code aws:EpochTime}).
 */
final class DateValues {
  private static final Pattern EPOCH = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]+)?");

  private DateValues() {}

  static Optional<Instant> parse(String value) {
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (EPOCH.matcher(v).matches()) {
      double seconds = Double.parseDouble(v);
      return Optional.of(Instant.ofEpochMilli(Math.round(seconds * 1000)));
    }
    try {
      return Optional.of(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return Optional.of(LocalDateTime.parse(v).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return Optional.of(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      return Optional.empty();
    }
  }
}
