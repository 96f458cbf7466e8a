package dev.berth.lifecycle;

import java.util.Optional;

/** How a rule marks the images it selects. */
public enum CountType {
  /** All but the newest {@code countNumber} images, by push time. */
  IMAGE_COUNT_MORE_THAN("imageCountMoreThan"),
  /** Images pushed more than {@code countNumber} days ago. */
  SINCE_IMAGE_PUSHED("sinceImagePushed"),
  /** Images last pulled (or, never pulled, pushed) more than {@code countNumber} days ago. */
  SINCE_IMAGE_PULLED("sinceImagePulled"),
  /** Archived images archived more than {@code countNumber} days ago. */
  SINCE_IMAGE_TRANSITIONED("sinceImageTransitioned");

  private final String policyName;

  CountType(String policyName) {
    this.policyName = policyName;
  }

  /** The spelling of lifecycle policy text, e.g. {@code imageCountMoreThan}. */
  public String policyName() {
    return policyName;
  }

  /** Whether {@code countNumber} is a number of days ({@code countUnit} is then required). */
  public boolean isAge() {
    return this != IMAGE_COUNT_MORE_THAN;
  }

  static Optional<CountType> of(String policyName) {
    for (CountType t : values()) {
      if (t.policyName.equals(policyName)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
