package dev.berth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import org.junit.jupiter.api.Test;

class PolicyParseTest {
  private static RegistryException malformed(String text, PolicyKind kind) {
    try {
      Policy.parse(text, kind, SizeLimit.ECR_POLICY);
    } catch (RegistryException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_POLICY);
      return e;
    }
    throw new AssertionError("expected a malformed policy: " + text);
  }

  @Test
  void jsonErrorsSayWhere() {
    RegistryException e =
        malformed("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n}", PolicyKind.IDENTITY);
    assertThat(e.getMessage())
        .startsWith("Syntax errors in policy. Invalid JSON: ")
        .contains("line 3");
  }

  @Test
  void theTextIsKeptAsWritten() {
    String text =
        "{ \"Statement\" : { \"Effect\":\"Allow\", \"Action\":\"ecr:*\", \"Resource\":\"*\" } }";
    Policy p = Policy.parseIdentity(text);
    assertThat(p.text()).isEqualTo(text);
    assertThat(p.version()).isEqualTo(Policy.VERSION_2008);
    assertThat(p.kind()).isEqualTo(PolicyKind.IDENTITY);
    assertThat(p.statementCount()).isEqualTo(1);
  }

  @Test
  void principalArnsAreCanonical() {
    Policy p =
        Policy.parseResource(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"AWS": ["222222222222", "arn:aws:iam::111111111111:user/bob"]},
               "Action": "ecr:BatchGetImage"},
              {"Effect": "Deny", "Principal": "*", "Action": "ecr:DeleteRepository"}]}
            """);
    assertThat(p.principalArns())
        .containsExactly("arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:user/bob");
  }

  @Test
  void aBadPrincipalIsQuotedInTheMessage() {
    RegistryException e =
        malformed(
            "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"bob\"},"
                + " \"Action\": \"ecr:*\"}}",
            PolicyKind.RESOURCE);
    assertThat(e).hasMessage("Invalid principal in policy: \"AWS\":\"bob\"");
  }

  @Test
  void theFirstProblemIsReported() {
    RegistryException e =
        malformed(
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecr:*\","
                + " \"Resource\": \"*\"}, {\"Effect\": \"Permit\", \"Action\": \"ecr:*\"}]}",
            PolicyKind.IDENTITY);
    assertThat(e).hasMessage("Invalid effect: Permit");
  }

  @Test
  void sizeIsCheckedBeforeParsing() {
    String huge = "x".repeat(20000);
    assertThatThrownBy(() -> Policy.parse(huge, PolicyKind.IDENTITY, SizeLimit.MANAGED_POLICY))
        .hasMessage("Cannot exceed quota for PolicySize: 6144");
  }

  @Test
  void sizeLimitsCountAsDocumented() {
    assertThat(SizeLimit.MANAGED_POLICY.measure("{ \"a\" :\n\t1 }")).isEqualTo(7);
    assertThat(SizeLimit.ECR_POLICY.measure("{ \"a\" :\n\t1 }")).isEqualTo(12);
    assertThatThrownBy(() -> new SizeLimit(0, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @SuppressWarnings("NullAway") // null on purpose: the parser must refuse it
  void nullTextIsMalformed() {
    assertThatThrownBy(() -> Policy.parseIdentity(null))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_POLICY));
  }

  @Test
  void conditionOperatorsParseWithQualifiers() {
    ConditionOperator op =
        ConditionOperator.parse("ForAllValues:StringNotLikeIfExists").orElseThrow();
    assertThat(op.kind()).isEqualTo(ConditionOperator.Kind.STRING_LIKE);
    assertThat(op.negated()).isTrue();
    assertThat(op.ifExists()).isTrue();
    assertThat(op.set()).isEqualTo(ConditionOperator.SetOperator.FOR_ALL_VALUES);
    assertThat(
            ConditionOperator.parse("NumericGreaterThanEqualsIfExists").orElseThrow().comparison())
        .isEqualTo(ConditionOperator.Comparison.GTE);
    assertThat(ConditionOperator.parse("stringequals")).isEmpty();
    assertThat(ConditionOperator.parse("ForAnyValue:Null")).isEmpty();
    assertThat(ConditionOperator.parse("IfExists")).isEmpty();
  }
}
