package dev.berth.lifecycle;

import java.util.Optional;

/**
 * What the policy does to one image, and why.
 *
 * @param rule the rule that acts on it: the first rule, by priority, that selects it (or, for a
 *     referrer, the rule acting on its subject)
 * @param followsSubject whether the image is acted on only because its subject is
 */
public record Verdict(LifecycleImage image, Rule rule, boolean followsSubject) {
  public ActionType action() {
    return rule.action();
  }

  /** The storage class a transition moves the image to. */
  public Optional<StorageClass> target() {
    return rule.target();
  }

  public int appliedRulePriority() {
    return rule.priority();
  }
}
