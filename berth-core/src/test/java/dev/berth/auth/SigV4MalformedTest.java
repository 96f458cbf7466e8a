package dev.berth.auth;

import static dev.berth.auth.Fixtures.ALICE;
import static dev.berth.auth.Fixtures.signing;
import static dev.berth.auth.Fixtures.utf8;
import static dev.berth.auth.SigV4ErrorAssert.assertFails;
import static dev.berth.error.ErrorKind.AUTH_INCOMPLETE;
import static dev.berth.error.ErrorKind.AUTH_MISSING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** No signature at all (AUTH_MISSING), or a malformed one (AUTH_INCOMPLETE). */
class SigV4MalformedTest {
  private final SigV4Verifier verifier = Fixtures.verifier();

  private static SignedRequest header() {
    return SdkOracle.signHeader(
        SdkOracle.ecrJson("ListImages").build(), utf8("{}"), signing(ALICE));
  }

  private static SignedRequest presigned() {
    return SdkOracle.presign(
        SdkOracle.request(SdkHttpMethod.GET, "/v2/").build(),
        new byte[0],
        signing(ALICE),
        Duration.ofMinutes(5));
  }

  private static String signature(SignedRequest request) {
    String header = java.util.Objects.requireNonNull(request.headers().get("authorization")).get(0);
    return header.substring(header.indexOf("Signature="));
  }

  private String incomplete(SignedRequest request) {
    return String.valueOf(
        assertFails(() -> verifier.verify(request), AUTH_INCOMPLETE).getMessage());
  }

  @Test
  void noSignatureAtAll() {
    SignedRequest bare =
        new SignedRequest(
            "POST",
            "/",
            "",
            Map.of("host", List.of("localhost")),
            SdkOracle.sha256Hex(new byte[0]));
    assertThat(assertFails(() -> verifier.verify(bare), AUTH_MISSING))
        .hasMessage("Missing Authentication Token");
    SignedRequest withQuery = Tamper.rawQuery(bare, "X-Amz-Signature=abc&Action=ListUsers");
    assertFails(() -> verifier.verify(withQuery), AUTH_MISSING);
  }

  @Test
  void missingSignatureParameter() {
    SignedRequest request = header();
    String message = incomplete(Tamper.authorization(request, ", " + signature(request), ""));
    assertThat(message)
        .startsWith("Authorization header requires 'Signature' parameter. Authorization=")
        .doesNotContain("'Credential'");
  }

  @Test
  void missingCredentialAndSignedHeaders() {
    SignedRequest request = header();
    SignedRequest stripped =
        Tamper.header(request, "authorization", "AWS4-HMAC-SHA256 " + signature(request));
    assertThat(incomplete(stripped))
        .startsWith(
            "Authorization header requires 'Credential' parameter. Authorization header requires"
                + " 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Signature=");
  }

  @Test
  void missingDate() {
    assertThat(incomplete(Tamper.withoutHeader(header(), "x-amz-date")))
        .startsWith(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                + " header.");
  }

  @Test
  void malformedDate() {
    assertThat(incomplete(Tamper.header(header(), "x-amz-date", "2025-03-14T15:09:26Z")))
        .isEqualTo("X-Amz-Date must be in ISO-8601 'basic format'. Got '2025-03-14T15:09:26Z'.");
  }

  @Test
  void unsupportedAlgorithm() {
    assertThat(incomplete(Tamper.authorization(header(), "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA512 ")))
        .startsWith("Authorization header requires the 'AWS4-HMAC-SHA256' algorithm");
    assertThat(incomplete(Tamper.header(header(), "authorization", "Bearer abc")))
        .contains("not 'Bearer'");
  }

  @Test
  void notKeyValuePairs() {
    assertThat(
            incomplete(
                Tamper.header(header(), "authorization", "AWS4-HMAC-SHA256 Credential=a, junk")))
        .startsWith(
            "'junk' not a valid key=value pair (missing equal-sign) in Authorization header");
  }

  @Test
  void badCredentialScope() {
    assertThat(incomplete(Tamper.authorization(header(), "/aws4_request", "/aws5_request")))
        .isEqualTo(
            "Credential should be scoped with a valid terminator: 'aws4_request', not"
                + " 'aws5_request'.");
    assertThat(incomplete(Tamper.authorization(header(), "/ecr/aws4_request", "/aws4_request")))
        .startsWith("Credential must have exactly 5 slash-delimited elements");
    assertThat(incomplete(Tamper.authorization(header(), "/20250314/", "/2025-03-14/")))
        .contains("'2025-03-14'");
  }

  @Test
  void hostNotSigned() {
    String expected = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    assertThat(incomplete(Tamper.authorization(header(), ";host;", ";"))).isEqualTo(expected);
    assertThat(
            incomplete(
                Tamper.query(
                    presigned(), "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=accept")))
        .isEqualTo(expected);
  }

  @Test
  void presignedMissingParameters() {
    SignedRequest request = presigned();
    String credential = request.rawQuery().replaceAll(".*(X-Amz-Credential=[^&]*).*", "$1");
    String date = request.rawQuery().replaceAll(".*(X-Amz-Date=[^&]*).*", "$1");
    SignedRequest stripped = Tamper.query(Tamper.query(request, credential, "a=b"), date, "c=d");
    assertThat(incomplete(stripped))
        .isEqualTo(
            "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string"
                + " parameters must include 'X-Amz-Date'. Re-examine the query-string"
                + " parameters.");
  }

  @Test
  void presignedLifetimeOverAWeek() {
    assertThat(incomplete(Tamper.query(presigned(), "X-Amz-Expires=300", "X-Amz-Expires=604801")))
        .isEqualTo("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    assertThat(incomplete(Tamper.query(presigned(), "X-Amz-Expires=300", "X-Amz-Expires=-1")))
        .isEqualTo("X-Amz-Expires must be non-negative");
    assertThat(incomplete(Tamper.query(presigned(), "X-Amz-Expires=300", "X-Amz-Expires=soon")))
        .contains("'soon'");
  }

  @Test
  void presignedUnsupportedAlgorithm() {
    assertThat(
            incomplete(
                Tamper.query(
                    presigned(), "Algorithm=AWS4-HMAC-SHA256", "Algorithm=AWS4-HMAC-SHA1")))
        .contains("'AWS4-HMAC-SHA1'");
  }

  @Test
  void headerAndQuerySignatureTogether() {
    SignedRequest both =
        Tamper.header(
            presigned(),
            "authorization",
            java.util.Objects.requireNonNull(header().headers().get("authorization")).get(0));
    assertThat(incomplete(both)).startsWith("Only one auth mechanism allowed");
  }
}
