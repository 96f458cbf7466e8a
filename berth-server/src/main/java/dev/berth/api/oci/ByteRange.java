package dev.berth.api.oci;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single {@code Range: bytes=...} request against a blob of known size. Multiple ranges and other
 * units are ignored (the whole blob is served), as RFC 9110 allows.
 */
record ByteRange(long first, long length) {
  private static final Pattern SINGLE = Pattern.compile("bytes=([0-9]*)-([0-9]*)");

  /**
   * Parses the header; empty when it should be ignored.
   *
   * @throws RegistryException {@code RANGE_NOT_SATISFIABLE} when the range lies outside the blob
   */
  static Optional<ByteRange> parse(String header, long size) {
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      long first;
      long last;
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0) {
          throw unsatisfiable(header, size);
        }
        first = Math.max(0, size - suffix);
        last = size - 1;
      } else {
        first = Long.parseLong(m.group(1));
        last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
          return Optional.empty();
        }
      }
      if (first >= size) {
        throw unsatisfiable(header, size);
      }
      return Optional.of(new ByteRange(first, last - first + 1));
    } catch (NumberFormatException e) {
      throw unsatisfiable(header, size);
    }
  }

  private static RegistryException unsatisfiable(String header, long size) {
    return new RegistryException(
        ErrorKind.RANGE_NOT_SATISFIABLE,
        "requested range not satisfiable: " + header,
        Map.of("size", size));
  }
}
