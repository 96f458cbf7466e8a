package dev.berth.auth;

import static dev.berth.auth.Fixtures.ALICE;
import static dev.berth.auth.Fixtures.NOW;
import static dev.berth.auth.SigV4ErrorAssert.assertFails;
import static dev.berth.error.ErrorKind.AUTH_BAD_SIGNATURE;
import static dev.berth.error.ErrorKind.AUTH_INCOMPLETE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP {@code Date} header (RFC 1123) in place of {@code X-Amz-Date}. The SDKs always send
 * {@code X-Amz-Date}, so these requests are signed with the package's own (documented-example
 * checked) canonicalization and key derivation.
 */
class SigV4DateHeaderTest {
  private static final String BODY_SHA = SdkOracle.sha256Hex(Fixtures.utf8("{}"));

  private static SignedRequest signedWithDate(String httpDate, String scopeDate) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("localhost:5000"));
    headers.put("date", List.of(httpDate));
    headers.put("x-amz-target", List.of("AmazonEC2ContainerRegistry_V20150921.ListImages"));
    SignedRequest unsigned = new SignedRequest("POST", "/", "", headers, BODY_SHA);
    List<String> signedHeaders = List.of("date", "host", "x-amz-target");
    CredentialScope scope = new CredentialScope(ALICE.accessKeyId(), scopeDate, "us-east-1", "ecr");
    String canonical =
        CanonicalRequest.of(unsigned, QueryParameters.parse(""), signedHeaders, BODY_SHA, false);
    String amzDate = AmzDate.format(AmzDate.parseHttp(httpDate).orElseThrow());
    String signature =
        SigningKeys.signature(
            SigningKeys.derive(ALICE.secretAccessKey(), scope),
            SigningKeys.stringToSign(amzDate, scope, canonical));
    return Tamper.header(
        unsigned,
        "authorization",
        "AWS4-HMAC-SHA256 Credential="
            + ALICE.accessKeyId()
            + "/"
            + scope.scope()
            + ", SignedHeaders=date;host;x-amz-target, Signature="
            + signature);
  }

  @Test
  void acceptsDateHeader() {
    SignedRequest request = signedWithDate("Fri, 14 Mar 2025 15:09:26 GMT", "20250314");
    assertThat(Fixtures.verifier().verify(request)).isEqualTo(ALICE.principal());
  }

  @Test
  void dateHeaderIsSubjectToClockSkew() {
    SignedRequest request = signedWithDate("Fri, 14 Mar 2025 15:09:26 GMT", "20250314");
    assertThat(
            assertFails(
                () -> Fixtures.verifier(NOW.plus(Duration.ofMinutes(20))).verify(request),
                AUTH_BAD_SIGNATURE))
        .hasMessageStartingWith("Signature expired: 20250314T150926Z is now earlier than");
  }

  @Test
  void scopeDateMustMatchDateHeader() {
    SignedRequest request = signedWithDate("Fri, 14 Mar 2025 15:09:26 GMT", "20250313");
    assertThat(assertFails(() -> Fixtures.verifier().verify(request), AUTH_BAD_SIGNATURE))
        .hasMessageStartingWith("Date in Credential scope does not match");
  }

  @Test
  void xAmzDateTakesPrecedence() {
    SignedRequest request = signedWithDate("Fri, 14 Mar 2025 15:09:26 GMT", "20250314");
    SignedRequest both = Tamper.header(request, "x-amz-date", "20250314T150927Z");
    assertFails(() -> Fixtures.verifier().verify(both), AUTH_BAD_SIGNATURE);
  }

  @Test
  void malformedDateHeader() {
    SignedRequest request = signedWithDate("Fri, 14 Mar 2025 15:09:26 GMT", "20250314");
    SignedRequest bad = Tamper.header(request, "date", "2025-03-14 15:09:26");
    assertThat(assertFails(() -> Fixtures.verifier().verify(bad), AUTH_INCOMPLETE))
        .hasMessageStartingWith("Date must be in RFC 1123 format");
  }
}
