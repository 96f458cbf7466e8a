package dev.berth.policy;

import dev.berth.common.Cidr;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * Checks, when a policy is stored, that a condition value is of its operator's type. A value of the
 * wrong type can never match: under {@code IpAddress} it silently grants nothing, and under {@code
 * NotIpAddress} it matches every request, so a Deny with it locks out everyone, the account root
 * included.
 */
final class ConditionValues {
  private ConditionValues() {}

  static void check(ConditionOperator op, String key, String value) {
    String expected =
        switch (op.kind()) {
          case NUMERIC -> isNumber(value) ? "" : "a number";
          case DATE ->
              DateValues.parse(value).isPresent() ? "" : "an ISO 8601 date or epoch seconds";
          case BOOL, NULL -> isBoolean(value) ? "" : "true or false";
          case IP_ADDRESS -> Cidr.parse(value).isPresent() ? "" : "an IP address or CIDR block";
          case BINARY -> isBase64(value) ? "" : "base64-encoded bytes";
          case STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, ARN -> "";
        };
    if (!expected.isEmpty()) {
      throw Malformed.syntax(
          "Invalid value '"
              + value
              + "' for key "
              + key
              + " of condition "
              + op.name()
              + ": it must be "
              + expected
              + ".");
    }
  }

  private static boolean isNumber(String v) {
    try {
      new BigDecimal(v.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isBoolean(String v) {
    return "true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v);
  }

  private static boolean isBase64(String v) {
    try {
      Base64.getDecoder().decode(v);
      return !v.isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
