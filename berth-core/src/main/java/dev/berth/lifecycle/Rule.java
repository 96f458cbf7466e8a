package dev.berth.lifecycle;

import dev.berth.model.TagStatus;
import java.util.List;
import java.util.Optional;

/**
 * One validated rule of a lifecycle policy.
 *
 * @param priority {@code rulePriority}: unique, lower numbers are applied first
 * @param tagPrefixes the selection's tag prefix list: each must prefix one of an image's tags
 * @param tagPatterns the selection's tag pattern list: each must match one of an image's tags
 * @param storageClass the storage class the rule selects ({@code selection.storageClass})
 * @param countNumber images kept ({@code imageCountMoreThan}) or age in days
 * @param target {@code action.targetStorageClass} of a transition
 */
public record Rule(
    int priority,
    Optional<String> description,
    TagStatus tagStatus,
    List<String> tagPrefixes,
    List<TagPattern> tagPatterns,
    StorageClass storageClass,
    CountType countType,
    int countNumber,
    ActionType action,
    Optional<StorageClass> target) {
  public Rule {
    tagPrefixes = List.copyOf(tagPrefixes);
    tagPatterns = List.copyOf(tagPatterns);
  }

  /** Whether the image meets the rule's tag and storage-class requirements. */
  boolean selects(LifecycleImage image) {
    if (!image.storageClass().filter(storageClass::equals).isPresent()) {
      return false;
    }
    return switch (tagStatus) {
      case UNTAGGED -> image.tags().isEmpty();
      case ANY -> true;
      case TAGGED ->
          !image.tags().isEmpty()
              && tagPrefixes.stream()
                  .allMatch(p -> image.tags().stream().anyMatch(t -> t.startsWith(p)))
              && tagPatterns.stream().allMatch(p -> image.tags().stream().anyMatch(p::matches));
    };
  }
}
