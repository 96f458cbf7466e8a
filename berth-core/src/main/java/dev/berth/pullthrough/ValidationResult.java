package dev.berth.pullthrough;

import dev.berth.meta.PullThroughRule;
import java.util.Optional;

/** What ValidatePullThroughCacheRule found: the rule, and why it cannot reach the upstream. */
public record ValidationResult(PullThroughRule rule, Optional<String> failure) {
  public boolean valid() {
    return failure.isEmpty();
  }
}
