package dev.berth.api.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Sizes and times as people read them. */
final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  private static final DateTimeFormatter EXACT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Formats() {}

  /** {@code 0 B}, {@code 512 B}, {@code 1.5 KiB}, {@code 48.9 MiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : "%.1f %s", value, UNITS[unit]);
  }

  /** {@code 150,123 bytes}. */
  static String exactSize(long bytes) {
    return String.format(Locale.ROOT, "%,d byte%s", bytes, bytes == 1 ? "" : "s");
  }

  /** {@code 2026-01-02 03:04:05 UTC}. */
  static String exact(Instant t) {
    return EXACT.format(t);
  }

  /** {@code just now}, {@code 5 minutes ago}, {@code in 2 hours}, {@code 3 years ago}. */
  static String relative(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    boolean future = d.isNegative();
    long s = Math.abs(d.toSeconds());
    if (s < 45) {
      return "just now";
    }
    String amount;
    if (s < 90 * 60) {
      amount = plural(Math.max(1, Math.round(s / 60.0)), "minute");
    } else if (s < 36 * 3600) {
      amount = plural(Math.round(s / 3600.0), "hour");
    } else if (s < 45L * 86400) {
      amount = plural(Math.round(s / 86400.0), "day");
    } else if (s < 365L * 86400) {
      amount = plural(Math.round(s / (30.44 * 86400)), "month");
    } else {
      amount = plural(Math.round(s / (365.25 * 86400)), "year");
    }
    return future ? "in " + amount : amount + " ago";
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /** A time as templates show it: relative text, exact time for the title, ISO for datetime. */
  static Model time(Instant t, Instant now) {
    return new Model()
        .with("relative", relative(t, now))
        .with("exact", exact(t))
        .with("iso", DateTimeFormatter.ISO_INSTANT.format(t));
  }

  /** A size as templates show it. */
  static Model bytes(long n) {
    return new Model().with("human", size(n)).with("exact", exactSize(n)).with("raw", n);
  }

  /** An AWS JSON timestamp (epoch seconds with a fraction). */
  static Instant epochSeconds(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  /** {@code sha256:0123456789ab}: the algorithm and the first 12 hex digits. */
  static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return colon < 0 || digest.length() < colon + 13 ? digest : digest.substring(0, colon + 13);
  }
}
