package dev.berth.policy;

import dev.berth.common.Cidr;
import dev.berth.policy.ConditionOperator.Comparison;
import dev.berth.policy.ConditionOperator.SetOperator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates conditions as the IAM User Guide describes:
 *
 * <ul>
 *   <li>several operators in a block, and several keys under an operator, must all hold (AND);
 *   <li>several policy values for a key match if any matches (OR); for negated operators ({@code
 *       StringNotEquals}, {@code NotIpAddress}, ...) the request value must match none of them
 *       (NOR);
 *   <li>a key absent from the request context makes a positive operator false and a negated one
 *       true; {@code ...IfExists} makes any operator true; {@code Null} tests presence;
 *   <li>{@code ForAllValues:} holds when every request value matches (so for an absent or empty
 *       key), {@code ForAnyValue:} when at least one does (so never for an absent key);
 *   <li>without a set operator a multivalued key matches when any of its values matches.
 * </ul>
 */
final class Conditions {
  private Conditions() {}

  static boolean allHold(List<Condition> conditions, RequestContext ctx) {
    for (Condition c : conditions) {
      if (!holds(c, ctx)) {
        return false;
      }
    }
    return true;
  }

  static boolean holds(Condition c, RequestContext ctx) {
    ConditionOperator op = c.operator();
    List<String> values = ctx.values(c.key());
    if (op.kind() == ConditionOperator.Kind.NULL) {
      return nullCheck(c, values.isEmpty());
    }
    if (values.isEmpty()) {
      if (op.ifExists() || op.set() == SetOperator.FOR_ALL_VALUES) {
        return true;
      }
      if (op.set() == SetOperator.FOR_ANY_VALUE) {
        return false;
      }
      return op.negated();
    }
    List<String> policy = resolve(c, ctx);
    return switch (op.set()) {
      case FOR_ANY_VALUE ->
          values.stream().anyMatch(v -> op.negated() != matchesAny(op, v, policy));
      case FOR_ALL_VALUES ->
          values.stream().allMatch(v -> op.negated() != matchesAny(op, v, policy));
      case NONE -> op.negated() != values.stream().anyMatch(v -> matchesAny(op, v, policy));
    };
  }

  private static boolean nullCheck(Condition c, boolean absent) {
    for (Template t : c.values()) {
      String v = t.raw();
      if (("true".equalsIgnoreCase(v) && absent) || ("false".equalsIgnoreCase(v) && !absent)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The policy values with variables resolved: glob patterns for {@code StringLike} and ARN
   * operators, plain text otherwise. A value whose variable has no value matches nothing.
   */
  private static List<String> resolve(Condition c, RequestContext ctx) {
    boolean glob =
        c.operator().kind() == ConditionOperator.Kind.STRING_LIKE
            || c.operator().kind() == ConditionOperator.Kind.ARN;
    List<String> out = new ArrayList<>();
    for (Template t : c.values()) {
      (glob ? t.pattern(ctx) : t.text(ctx)).ifPresent(out::add);
    }
    return out;
  }

  private static boolean matchesAny(ConditionOperator op, String value, List<String> policy) {
    for (String p : policy) {
      if (matches(op, value, p)) {
        return true;
      }
    }
    return false;
  }

  /** The positive comparison of one request value with one policy value. */
  static boolean matches(ConditionOperator op, String value, String policy) {
    return switch (op.kind()) {
      case STRING_EQUALS, BINARY -> value.equals(policy);
      case STRING_EQUALS_IGNORE_CASE -> value.equalsIgnoreCase(policy);
      case STRING_LIKE -> Glob.matches(policy, value, false, false);
      case NUMERIC ->
          compareNumbers(value, policy).map(r -> satisfies(op.comparison(), r)).orElse(false);
      case DATE ->
          compareDates(value, policy).map(r -> satisfies(op.comparison(), r)).orElse(false);
      case BOOL -> isBoolean(policy) && policy.equalsIgnoreCase(value.trim());
      case IP_ADDRESS -> Cidr.parse(policy).map(n -> n.contains(value)).orElse(false);
      case ARN -> arnMatches(policy, value);
      case NULL -> false;
    };
  }

  private static boolean isBoolean(String s) {
    return "true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s);
  }

  private static boolean satisfies(Comparison c, int r) {
    return switch (c) {
      case EQ -> r == 0;
      case LT -> r < 0;
      case LTE -> r <= 0;
      case GT -> r > 0;
      case GTE -> r >= 0;
    };
  }

  private static Optional<Integer> compareNumbers(String value, String policy) {
    try {
      return Optional.of(new BigDecimal(value.trim()).compareTo(new BigDecimal(policy.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> compareDates(String value, String policy) {
    Optional<Instant> v = DateValues.parse(value);
    Optional<Instant> p = DateValues.parse(policy);
    if (v.isEmpty() || p.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(v.get().compareTo(p.get()));
  }

  /**
   * ArnEquals and ArnLike: each of the six colon-separated parts of the ARN is matched separately,
   * case-sensitively, with wildcards.
   */
  private static boolean arnMatches(String pattern, String value) {
    String[] p = pattern.split(":", 6);
    String[] v = value.split(":", 6);
    if (p.length != 6 || v.length != 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!Glob.matches(p[i], v[i], false, false)) {
        return false;
      }
    }
    return true;
  }
}
