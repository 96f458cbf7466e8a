package dev.berth.lifecycle;

import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the evaluator knows of one image of the repository.
 *
 * @param tags the image's tags, empty for an untagged image
 * @param lastPulledAt ECR's {@code lastRecordedPullTime}
 * @param status where the image is stored
 * @param lastArchivedAt when it last moved to the archive ({@code sinceImageTransitioned})
 * @param lastActivatedAt when it was last restored from the archive, if ever
 * @param subject the manifest this one refers to (a signature, SBOM or other referrer)
 * @param listedByIndex whether an index (manifest list) of the repository lists it
 */
public record LifecycleImage(
    Digest digest,
    List<String> tags,
    Instant pushedAt,
    Optional<Instant> lastPulledAt,
    ImageStatus status,
    Optional<Instant> lastArchivedAt,
    Optional<Instant> lastActivatedAt,
    Optional<Digest> subject,
    boolean listedByIndex) {
  public LifecycleImage {
    tags = List.copyOf(tags);
  }

  /** An active image with no archive history. */
  public static LifecycleImage active(
      Digest digest,
      List<String> tags,
      Instant pushedAt,
      Optional<Instant> lastPulledAt,
      Optional<Digest> subject,
      boolean listedByIndex) {
    return new LifecycleImage(
        digest,
        tags,
        pushedAt,
        lastPulledAt,
        ImageStatus.ACTIVE,
        Optional.empty(),
        Optional.empty(),
        subject,
        listedByIndex);
  }

  /** The storage class a rule must select to see the image; none while it is being restored. */
  Optional<StorageClass> storageClass() {
    return switch (status) {
      case ACTIVE -> Optional.of(StorageClass.STANDARD);
      case ARCHIVED -> Optional.of(StorageClass.ARCHIVE);
      case ACTIVATING -> Optional.empty();
    };
  }

  /**
   * The time that orders images and ages them since push: the push, or the last restore from the
   * archive when there was one (ECR: "If an image was archived and then restored at any point in
   * the past, the image's last_activated_at is used instead of pushed_at_time").
   */
  Instant effectivePushTime() {
    return lastActivatedAt.filter(a -> a.isAfter(pushedAt)).orElse(pushedAt);
  }

  /**
   * The time {@code sinceImagePulled} ages: the last recorded pull; never pulled, the push; pulled
   * before its last restore or never since, the restore.
   */
  Instant pullTime() {
    Instant pulled = lastPulledAt.orElse(pushedAt);
    return lastActivatedAt.filter(a -> a.isAfter(pulled)).orElse(pulled);
  }
}
