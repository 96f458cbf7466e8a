package dev.berth.model;

import java.util.regex.Pattern;

/** An image tag in the OCI grammar: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) {
  private static final Pattern PATTERN = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    if (!isValid(value)) {
      throw new IllegalArgumentException("invalid tag '" + value + "'");
    }
  }

  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
