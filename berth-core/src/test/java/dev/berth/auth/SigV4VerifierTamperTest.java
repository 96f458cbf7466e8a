package dev.berth.auth;

import static dev.berth.auth.Fixtures.ALICE;
import static dev.berth.auth.Fixtures.signing;
import static dev.berth.auth.Fixtures.utf8;
import static dev.berth.auth.SigV4ErrorAssert.assertFails;
import static dev.berth.error.ErrorKind.AUTH_BAD_SIGNATURE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Any change to what was signed fails with AUTH_BAD_SIGNATURE. */
class SigV4VerifierTamperTest {
  private static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  private static final String BODY = "{\"repositoryName\":\"app\",\"maxResults\":10}";
  private static final String TAMPERED_BODY = "{\"repositoryName\":\"apq\",\"maxResults\":10}";

  private final SigV4Verifier verifier = Fixtures.verifier();

  private static SignedRequest sdkSigned() {
    return SdkOracle.signHeader(
        SdkOracle.ecrJson("ListImages").build(), utf8(BODY), signing(ALICE));
  }

  private static SignedRequest legacySigned() {
    return SdkOracle.signLegacy(
        SdkOracle.request(SdkHttpMethod.POST, "/v2/app/blobs/uploads/")
            .putRawQueryParameter("mount", "sha256:abc")
            .putRawQueryParameter("from", "team/base image")
            .putHeader("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.ListImages")
            .build(),
        utf8(BODY),
        signing(ALICE));
  }

  private static SignedRequest presigned() {
    return SdkOracle.presign(
        SdkOracle.request(SdkHttpMethod.GET, "/v2/app/manifests/latest")
            .putRawQueryParameter("q", "x y")
            .build(),
        new byte[0],
        signing(ALICE),
        Duration.ofMinutes(5));
  }

  private void assertMismatch(SignedRequest request) {
    assertThat(assertFails(() -> verifier.verify(request), AUTH_BAD_SIGNATURE))
        .hasMessage(MISMATCH);
  }

  @Test
  void untamperedRequestsPass() {
    assertThat(verifier.verify(sdkSigned())).isEqualTo(ALICE.principal());
    assertThat(verifier.verify(legacySigned())).isEqualTo(ALICE.principal());
    assertThat(verifier.verify(presigned())).isEqualTo(ALICE.principal());
  }

  @Test
  void oneByteOfBodyWithoutContentShaHeader() {
    assertMismatch(Tamper.body(legacySigned(), utf8(TAMPERED_BODY)));
  }

  @Test
  void oneByteOfBodyAgainstDeclaredContentSha() {
    assertThat(
            assertFails(
                () -> verifier.verify(Tamper.body(sdkSigned(), utf8(TAMPERED_BODY))),
                AUTH_BAD_SIGNATURE))
        .hasMessage("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  @Test
  void bodyAndDeclaredContentShaTogether() {
    byte[] body = utf8(TAMPERED_BODY);
    SignedRequest request =
        Tamper.header(
            Tamper.body(sdkSigned(), body), "x-amz-content-sha256", SdkOracle.sha256Hex(body));
    assertMismatch(request);
  }

  @Test
  void signedHeaderValue() {
    assertMismatch(
        Tamper.header(
            sdkSigned(), "x-amz-target", "AmazonEC2ContainerRegistry_V20150921.DeleteRepository"));
    assertMismatch(Tamper.header(legacySigned(), "host", "evil.example.com"));
  }

  @Test
  void path() {
    assertMismatch(Tamper.path(sdkSigned(), "/x"));
    assertMismatch(Tamper.path(legacySigned(), "/v2/app/blobs/uploads"));
    assertMismatch(Tamper.path(presigned(), "/v2/app/manifests/latesT"));
  }

  @Test
  void query() {
    assertMismatch(Tamper.rawQuery(sdkSigned(), "extra=1"));
    assertMismatch(Tamper.query(legacySigned(), "from=team", "from=tean"));
    assertMismatch(Tamper.query(presigned(), "q=x%20y", "q=x%20z"));
  }

  @Test
  void date() {
    assertMismatch(Tamper.header(sdkSigned(), "x-amz-date", "20250314T150927Z"));
    assertMismatch(
        Tamper.query(presigned(), "X-Amz-Date=20250314T150926Z", "X-Amz-Date=20250314T150927Z"));
  }

  @Test
  void presignedLifetime() {
    assertMismatch(Tamper.query(presigned(), "X-Amz-Expires=300", "X-Amz-Expires=3000"));
  }

  @Test
  void method() {
    assertMismatch(Tamper.method(sdkSigned(), "PUT"));
  }

  @Test
  void secret() {
    SignedRequest request =
        SdkOracle.signHeader(
            SdkOracle.ecrJson("ListImages").build(),
            utf8(BODY),
            signing(ALICE).withSecret(ALICE.secretAccessKey() + "x"));
    assertMismatch(request);
    assertMismatch(
        SdkOracle.presign(
            SdkOracle.request(SdkHttpMethod.GET, "/v2/").build(),
            new byte[0],
            signing(ALICE).withSecret("wrong"),
            Duration.ofMinutes(5)));
  }

  @Test
  void signatureItself() {
    SignedRequest request = sdkSigned();
    String header = java.util.Objects.requireNonNull(request.headers().get("authorization")).get(0);
    String signature = header.substring(header.indexOf("Signature=") + 10);
    char last = signature.charAt(63);
    String flipped = signature.substring(0, 63) + (last == '0' ? '1' : '0');
    assertMismatch(Tamper.authorization(request, signature, flipped));
    assertMismatch(
        Tamper.authorization(request, signature, signature.toUpperCase(java.util.Locale.ROOT)));
    assertMismatch(Tamper.authorization(request, signature, signature.substring(0, 62)));
  }

  @Test
  void unsignedHeadersMayChange() {
    SignedRequest request = Tamper.header(sdkSigned(), "x-forwarded-for", "10.0.0.1");
    assertThat(verifier.verify(request)).isEqualTo(ALICE.principal());
  }

  @Test
  void unsignedPayloadDoesNotCoverTheBody() {
    SignedRequest request =
        SdkOracle.signUnsignedPayload(
            SdkOracle.ecrJson("UploadLayerPart").build(), utf8(BODY), signing(ALICE));
    assertThat(request.headers().get("x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");
    assertThat(verifier.verify(Tamper.body(request, utf8(TAMPERED_BODY))))
        .isEqualTo(ALICE.principal());
  }

  @Test
  void presignedUnsignedPayloadDoesNotCoverTheBody() {
    SignedRequest request =
        SdkOracle.presignUnsignedPayload(
            SdkOracle.request(SdkHttpMethod.PUT, "/upload").build(),
            utf8(BODY),
            signing(ALICE),
            Duration.ofMinutes(5));
    assertThat(verifier.verify(Tamper.body(request, utf8(TAMPERED_BODY))))
        .isEqualTo(ALICE.principal());
  }

  @Test
  void presignedWithBodyHashCoversTheBody() {
    SignedRequest request =
        SdkOracle.presign(
            SdkOracle.request(SdkHttpMethod.PUT, "/upload").build(),
            utf8(BODY),
            signing(ALICE),
            Duration.ofMinutes(5));
    assertThat(verifier.verify(request)).isEqualTo(ALICE.principal());
    assertMismatch(Tamper.body(request, utf8(TAMPERED_BODY)));
  }
}
