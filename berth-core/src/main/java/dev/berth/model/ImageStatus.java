package dev.berth.model;

/**
 * An image's storage state, as ECR reports it ({@code imageStatus}): {@code ACTIVE} images are
 * pullable; {@code ARCHIVED} ones are kept in the archive storage class and refused to pulls;
 * {@code ACTIVATING} ones are being restored and stay refused until the restore completes.
 */
public enum ImageStatus {
  ACTIVE,
  ARCHIVED,
  ACTIVATING
}
