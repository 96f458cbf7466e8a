package dev.berth.meta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A public repository's catalog data: the Markdown texts as given, the platforms it names, the
 * media type of its logo when it has one, and the manifest pulls it has served.
 */
public record RepositoryCatalog(
    Optional<String> description,
    Optional<String> aboutText,
    Optional<String> usageText,
    List<String> architectures,
    List<String> operatingSystems,
    Optional<String> logoType,
    long pulls,
    Instant updatedAt) {
  public RepositoryCatalog {
    architectures = List.copyOf(architectures);
    operatingSystems = List.copyOf(operatingSystems);
  }

  /** No catalog data yet. */
  public static RepositoryCatalog empty(Instant at) {
    return new RepositoryCatalog(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        0,
        at);
  }

  /** Whether any catalog field was ever set (the pull count is not catalog data). */
  public boolean hasData() {
    return description.isPresent()
        || aboutText.isPresent()
        || usageText.isPresent()
        || !architectures.isEmpty()
        || !operatingSystems.isEmpty()
        || logoType.isPresent();
  }
}
