package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.error.ErrorKind;
import dev.berth.model.AccountId;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The worked example of the SigV4 documentation: {@code GET
 * https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08} signed by AKIDEXAMPLE at
 * 20150830T123600Z.
 */
class SigV4DocumentedExampleTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String SIGNATURE =
      "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
  private static final CredentialScope SCOPE =
      new CredentialScope("AKIDEXAMPLE", "20150830", "us-east-1", "iam");
  private static final Principal PRINCIPAL =
      Principal.root(new AccountId("111122223333"), "AKIDEXAMPLE");

  private static SignedRequest request(String authorization) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("host", List.of("iam.amazonaws.com"));
    headers.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
    headers.put("x-amz-date", List.of("20150830T123600Z"));
    headers.put("authorization", List.of(authorization));
    return new SignedRequest(
        "GET", "/", "Action=ListUsers&Version=2010-05-08", headers, EMPTY_SHA256);
  }

  private static String authorization(String signature) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
        + " SignedHeaders=content-type;host;x-amz-date, Signature="
        + signature;
  }

  private static SigV4Verifier verifier() {
    Credential credential =
        new Credential("AKIDEXAMPLE", SECRET, Optional.empty(), PRINCIPAL, true, Optional.empty());
    return new SigV4Verifier(
        id -> Optional.of(credential).filter(c -> c.accessKeyId().equals(id)),
        Clock.fixed(AT, ZoneOffset.UTC),
        Set.of("us-east-1"),
        Set.of("iam"));
  }

  @Test
  void reproducesTheDocumentedCanonicalRequestStringToSignKeyAndSignature() {
    SignedRequest request = request(authorization(SIGNATURE));
    String canonical =
        CanonicalRequest.of(
            request,
            QueryParameters.parse(request.rawQuery()),
            List.of("content-type", "host", "x-amz-date"),
            EMPTY_SHA256,
            false);

    assertThat(canonical)
        .isEqualTo(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                + "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
                + "host:iam.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\n"
                + "content-type;host;x-amz-date\n"
                + EMPTY_SHA256);
    assertThat(SigningKeys.sha256Hex(canonical))
        .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    String stringToSign = SigningKeys.stringToSign("20150830T123600Z", SCOPE, canonical);
    assertThat(stringToSign)
        .isEqualTo(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                + "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    byte[] key = SigningKeys.derive(SECRET, SCOPE);
    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    assertThat(SigningKeys.signature(key, stringToSign)).isEqualTo(SIGNATURE);
  }

  @Test
  void verifierAcceptsTheDocumentedRequest() {
    assertThat(verifier().verify(request(authorization(SIGNATURE)))).isEqualTo(PRINCIPAL);
  }

  @Test
  void verifierRejectsTheDocumentedRequestWithAnotherSignature() {
    String other = SIGNATURE.substring(0, 63) + "8";
    SigV4ErrorAssert.assertFails(
        () -> verifier().verify(request(authorization(other))), ErrorKind.AUTH_BAD_SIGNATURE);
  }

  @Test
  void sdkSignerProducesTheDocumentedSignature() {
    SdkHttpFullRequest sdkRequest =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create("https://iam.amazonaws.com/"))
            .putRawQueryParameter("Action", "ListUsers")
            .putRawQueryParameter("Version", "2010-05-08")
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .build();
    SignedRequest signed =
        SdkOracle.signLegacy(
            sdkRequest,
            new byte[0],
            new SdkOracle.Signing("AKIDEXAMPLE", SECRET, "", "us-east-1", "iam", AT));

    assertThat(signed.headers().get("authorization")).containsExactly(authorization(SIGNATURE));
    assertThat(verifier().verify(signed)).isEqualTo(PRINCIPAL);
  }
}
