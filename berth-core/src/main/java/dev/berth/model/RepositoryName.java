package dev.berth.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository name in ECR's grammar (the {@code RepositoryName} shape of the ECR model): 2 to 256
 * characters, lowercase alphanumeric components joined by {@code .}, {@code _}, {@code __} or
 * dashes inside a path component and by {@code /} between path components.
 */
public record RepositoryName(String value) {
  private static final Pattern PATTERN =
      Pattern.compile(
          "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

  public RepositoryName {
    if (parse(value).isEmpty()) {
      throw new IllegalArgumentException("invalid repository name '" + value + "'");
    }
  }

  /** The name if {@code value} is valid, else empty. */
  public static Optional<String> parse(String value) {
    if (value == null || value.length() < 2 || value.length() > 256) {
      return Optional.empty();
    }
    return PATTERN.matcher(value).matches() ? Optional.of(value) : Optional.empty();
  }

  public static boolean isValid(String value) {
    return parse(value).isPresent();
  }

  @Override
  public String toString() {
    return value;
  }
}
