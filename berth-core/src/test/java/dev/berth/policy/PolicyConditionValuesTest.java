package dev.berth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, item 13: condition values are checked against their operator's type when a policy is
 * stored, for identity policies as for resource policies; stored documents still evaluate.
 */
class PolicyConditionValuesTest {
  private static String identity(String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecr:*\","
        + "\"Resource\":\"*\",\"Condition\":"
        + condition
        + "}]}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"NotIpAddress\":{\"aws:SourceIp\":\"zzz\"}}",
        "{\"IpAddressIfExists\":{\"aws:SourceIp\":\"999.1.1.1/99\"}}",
        "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}",
        "{\"DateLessThan\":{\"aws:CurrentTime\":\"not a date\"}}",
        "{\"ForAnyValue:NumericEquals\":{\"aws:MultiFactorAuthAge\":\"1e\"}}",
        "{\"Bool\":{\"aws:SecureTransport\":\"maybe\"}}",
        "{\"Null\":{\"aws:SourceIp\":\"yes\"}}",
        "{\"BinaryEquals\":{\"aws:UserAgent\":\"not base64!\"}}"
      })
  void valueOfTheWrongType_isMalformedWithTheValueNamed(String condition) {
    assertThatThrownBy(() -> Policy.parseIdentity(identity(condition)))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_POLICY);
              assertThat(e.getMessage()).startsWith("Syntax errors in policy. Invalid value '");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\",\"127.0.0.1\"]}}",
        "{\"DateLessThan\":{\"aws:CurrentTime\":[\"2030-01-01\",\"2030-01-01T00:00:00Z\",\"1700000000\"]}}",
        "{\"NumericLessThanEquals\":{\"aws:MultiFactorAuthAge\":\"3600.5\"}}",
        "{\"Bool\":{\"aws:SecureTransport\":[\"TRUE\",false]}}",
        "{\"Null\":{\"aws:SourceIp\":\"true\"}}",
        "{\"StringLike\":{\"aws:username\":\"zzz\"}}",
        "{\"BinaryEquals\":{\"aws:UserAgent\":\"QmVydGg=\"}}"
      })
  void valueOfTheRightType_isAccepted(String condition) {
    assertThat(Policy.parseIdentity(identity(condition)).statementCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"NotIpAddress\":{\"aws:SourceIp\":\"zzz\"}}"})
  void storedDocument_stillParsesForEvaluation(String condition) {
    assertThat(Policy.parseStored(identity(condition), PolicyKind.IDENTITY).statementCount())
        .isEqualTo(1);
  }
}
