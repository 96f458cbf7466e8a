package dev.berth.lifecycle;

import java.util.Comparator;
import java.util.List;

/** A validated lifecycle policy: its rules in the order they are applied (by priority). */
public record LifecyclePolicy(List<Rule> rules) {
  public LifecyclePolicy {
    rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
  }

  /** Parses and validates policy text, as PutLifecyclePolicy does. */
  public static LifecyclePolicy parse(String text) {
    return PolicyParser.parse(text);
  }
}
