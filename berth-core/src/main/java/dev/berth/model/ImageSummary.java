package dev.berth.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image as listings describe it.
 *
 * @param size bytes of its layers (image manifests) or of its child manifests (indexes)
 * @param configMediaType the config's media type (ECR's {@code artifactMediaType})
 * @param state the storage class state (ECR's {@code imageStatus}, {@code lastArchivedAt}, {@code
 *     lastActivatedAt})
 */
public record ImageSummary(
    Digest digest,
    String mediaType,
    Optional<String> configMediaType,
    Optional<Digest> subject,
    long size,
    Instant pushedAt,
    Optional<Instant> lastPulledAt,
    List<String> tags,
    ImageState state) {
  public ImageSummary {
    tags = List.copyOf(tags);
  }

  /** An image that was never archived. */
  public ImageSummary(
      Digest digest,
      String mediaType,
      Optional<String> configMediaType,
      Optional<Digest> subject,
      long size,
      Instant pushedAt,
      Optional<Instant> lastPulledAt,
      List<String> tags) {
    this(
        digest,
        mediaType,
        configMediaType,
        subject,
        size,
        pushedAt,
        lastPulledAt,
        tags,
        ImageState.ACTIVE);
  }
}
