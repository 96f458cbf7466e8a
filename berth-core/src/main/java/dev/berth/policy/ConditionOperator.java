package dev.berth.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A condition operator such as {@code ForAnyValue:StringLikeIfExists}: the base comparison, whether
 * it is negated ({@code StringNotEquals}, {@code NotIpAddress}, ...), the set operator and the
 * {@code IfExists} suffix.
 */
record ConditionOperator(
    String name,
    Kind kind,
    Comparison comparison,
    boolean negated,
    SetOperator set,
    boolean ifExists) {

  /** The comparison family. */
  enum Kind {
    STRING_EQUALS,
    STRING_EQUALS_IGNORE_CASE,
    STRING_LIKE,
    NUMERIC,
    DATE,
    BOOL,
    BINARY,
    IP_ADDRESS,
    ARN,
    NULL
  }

  /** How numbers and dates compare (equality for the other kinds). */
  enum Comparison {
    EQ,
    LT,
    LTE,
    GT,
    GTE
  }

  /** The set operators for multivalued keys. */
  enum SetOperator {
    NONE,
    FOR_ANY_VALUE,
    FOR_ALL_VALUES
  }

  private record Base(Kind kind, Comparison comparison, boolean negated) {}

  private static final Map<String, Base> BASES = new HashMap<>();

  static {
    base("StringEquals", Kind.STRING_EQUALS, false);
    base("StringNotEquals", Kind.STRING_EQUALS, true);
    base("StringEqualsIgnoreCase", Kind.STRING_EQUALS_IGNORE_CASE, false);
    base("StringNotEqualsIgnoreCase", Kind.STRING_EQUALS_IGNORE_CASE, true);
    base("StringLike", Kind.STRING_LIKE, false);
    base("StringNotLike", Kind.STRING_LIKE, true);
    ordered("Numeric", Kind.NUMERIC);
    ordered("Date", Kind.DATE);
    base("Bool", Kind.BOOL, false);
    base("BinaryEquals", Kind.BINARY, false);
    base("IpAddress", Kind.IP_ADDRESS, false);
    base("NotIpAddress", Kind.IP_ADDRESS, true);
    base("ArnEquals", Kind.ARN, false);
    base("ArnLike", Kind.ARN, false);
    base("ArnNotEquals", Kind.ARN, true);
    base("ArnNotLike", Kind.ARN, true);
    base("Null", Kind.NULL, false);
  }

  private static void base(String name, Kind kind, boolean negated) {
    BASES.put(name, new Base(kind, Comparison.EQ, negated));
  }

  private static void ordered(String prefix, Kind kind) {
    BASES.put(prefix + "Equals", new Base(kind, Comparison.EQ, false));
    BASES.put(prefix + "NotEquals", new Base(kind, Comparison.EQ, true));
    BASES.put(prefix + "LessThan", new Base(kind, Comparison.LT, false));
    BASES.put(prefix + "LessThanEquals", new Base(kind, Comparison.LTE, false));
    BASES.put(prefix + "GreaterThan", new Base(kind, Comparison.GT, false));
    BASES.put(prefix + "GreaterThanEquals", new Base(kind, Comparison.GTE, false));
  }

  /** Parses an operator name; empty when IAM does not know it. */
  static Optional<ConditionOperator> parse(String name) {
    String rest = name;
    SetOperator set = SetOperator.NONE;
    if (rest.startsWith("ForAnyValue:")) {
      set = SetOperator.FOR_ANY_VALUE;
      rest = rest.substring("ForAnyValue:".length());
    } else if (rest.startsWith("ForAllValues:")) {
      set = SetOperator.FOR_ALL_VALUES;
      rest = rest.substring("ForAllValues:".length());
    }
    boolean ifExists = false;
    Base base = BASES.get(rest);
    if (base == null && rest.endsWith("IfExists")) {
      ifExists = true;
      base = BASES.get(rest.substring(0, rest.length() - "IfExists".length()));
    }
    if (base == null || (base.kind() == Kind.NULL && (ifExists || set != SetOperator.NONE))) {
      return Optional.empty();
    }
    return Optional.of(
        new ConditionOperator(name, base.kind(), base.comparison(), base.negated(), set, ifExists));
  }

  /** IAM resolves policy variables in string and ARN comparisons only. */
  boolean takesVariables() {
    return switch (kind) {
      case STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, ARN -> true;
      default -> false;
    };
  }
}
