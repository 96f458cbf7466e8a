package dev.berth.archive;

/** The storage class an image is moved to (ECR's {@code targetStorageClass}). */
public enum TargetStorageClass {
  /** Restore an archived image: it becomes ACTIVATING, then ACTIVE once its bytes are back. */
  STANDARD,
  /** Archive an active image: it becomes ARCHIVED at once and its unshared bytes move aside. */
  ARCHIVE
}
