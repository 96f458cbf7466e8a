package dev.berth.policy;

import java.util.List;

/** One key of a condition block, with its operator and the policy's values for it. */
record Condition(ConditionOperator operator, String key, List<Template> values) {
  Condition {
    values = List.copyOf(values);
  }
}
