package dev.berth.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A repository's settings as ECR records them.
 *
 * @param tagMutability whether tags may move
 * @param exclusionFilters wildcard tag filters ({@code *} matches any run) for the {@code
 *     *_WITH_EXCLUSION} modes
 * @param scanOnPush whether images are scanned when pushed
 * @param encryptionType {@code AES256}, {@code KMS} or {@code KMS_DSSE}
 * @param kmsKey the KMS key for the KMS types
 */
public record RepositorySettings(
    ImageTagMutability tagMutability,
    List<String> exclusionFilters,
    boolean scanOnPush,
    String encryptionType,
    Optional<String> kmsKey) {
  public RepositorySettings {
    exclusionFilters = List.copyOf(exclusionFilters);
  }

  public static RepositorySettings defaults() {
    return new RepositorySettings(
        ImageTagMutability.MUTABLE, List.of(), false, "AES256", Optional.empty());
  }

  public RepositorySettings withTagMutability(ImageTagMutability m, List<String> filters) {
    return new RepositorySettings(m, filters, scanOnPush, encryptionType, kmsKey);
  }

  /** Whether an existing tag may not be moved to another image. */
  public boolean isImmutable(String tag) {
    return switch (tagMutability) {
      case MUTABLE -> false;
      case IMMUTABLE -> true;
      case IMMUTABLE_WITH_EXCLUSION -> !excluded(tag);
      case MUTABLE_WITH_EXCLUSION -> excluded(tag);
    };
  }

  private boolean excluded(String tag) {
    for (String filter : exclusionFilters) {
      StringBuilder regex = new StringBuilder();
      for (String part : filter.split("\\*", -1)) {
        if (regex.length() > 0) {
          regex.append(".*");
        }
        regex.append(Pattern.quote(part));
      }
      if (tag.matches(regex.toString())) {
        return true;
      }
    }
    return false;
  }
}
