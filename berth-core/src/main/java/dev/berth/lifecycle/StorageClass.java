package dev.berth.lifecycle;

import java.util.Locale;

/** ECR's storage classes: {@code standard} (pullable) and {@code archive}. */
public enum StorageClass {
  STANDARD,
  ARCHIVE;

  /** The spelling of lifecycle policy text: {@code standard}, {@code archive}. */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
