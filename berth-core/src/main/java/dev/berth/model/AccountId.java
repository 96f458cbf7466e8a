package dev.berth.model;

import java.util.regex.Pattern;

/** A 12-digit AWS-style account id. */
public record AccountId(String value) {
  private static final Pattern PATTERN = Pattern.compile("[0-9]{12}");

  public AccountId {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException("account id must be 12 digits, got '" + value + "'");
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
