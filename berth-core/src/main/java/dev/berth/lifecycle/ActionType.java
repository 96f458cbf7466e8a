package dev.berth.lifecycle;

import java.util.Locale;

/** What a rule does to the images it marks: delete them or move them to another storage class. */
public enum ActionType {
  EXPIRE,
  TRANSITION;

  /** The spelling of lifecycle policy text: {@code expire}, {@code transition}. */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
