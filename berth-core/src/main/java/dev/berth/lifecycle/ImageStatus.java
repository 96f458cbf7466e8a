package dev.berth.lifecycle;

import java.util.Optional;

/** ECR's {@code imageStatus}: where an image's bytes are. */
public enum ImageStatus {
  /** In standard storage, pullable. */
  ACTIVE,
  /** In the archive storage class. */
  ARCHIVED,
  /** Being restored from the archive; no rule selects it until it is ACTIVE again. */
  ACTIVATING;

  /** The storage class a rule must select to see an image of this status. */
  Optional<StorageClass> storageClass() {
    return switch (this) {
      case ACTIVE -> Optional.of(StorageClass.STANDARD);
      case ARCHIVED -> Optional.of(StorageClass.ARCHIVE);
      case ACTIVATING -> Optional.empty();
    };
  }
}
