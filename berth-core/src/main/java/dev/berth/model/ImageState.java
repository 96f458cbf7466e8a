package dev.berth.model;

import java.time.Instant;
import java.util.Optional;

/**
 * An image's storage class state: its status and when it last moved between the standard and the
 * archive storage class (ECR's {@code lastArchivedAt} and {@code lastActivatedAt}).
 */
public record ImageState(
    ImageStatus status, Optional<Instant> lastArchivedAt, Optional<Instant> lastActivatedAt) {

  /** An image that was never archived. */
  public static final ImageState ACTIVE =
      new ImageState(ImageStatus.ACTIVE, Optional.empty(), Optional.empty());

  /** Whether the image may be pulled. */
  public boolean isActive() {
    return status == ImageStatus.ACTIVE;
  }
}
