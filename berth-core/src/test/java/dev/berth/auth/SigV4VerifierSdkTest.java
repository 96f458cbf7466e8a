package dev.berth.auth;

import static dev.berth.auth.Fixtures.ALICE;
import static dev.berth.auth.Fixtures.SESSION;
import static dev.berth.auth.Fixtures.signing;
import static dev.berth.auth.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Requests signed by the AWS SDK for Java v2 are accepted and yield the signer's principal. */
class SigV4VerifierSdkTest {
  /** A request the SDK signed, and whose credential signed it. */
  record Case(String name, SignedRequest request, Credential credential) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final byte[] EMPTY = new byte[0];

  static Stream<Case> headerSigned() {
    return Stream.of(
        header("GetAuthorizationToken {}", SdkOracle.ecrJson("GetAuthorizationToken"), "{}"),
        header(
            "DescribeRepositories with unicode body",
            SdkOracle.ecrJson("DescribeRepositories"),
            "{\"repositoryNames\":[\"team/app\"],\"note\":\"caf\u00e9 \u2603 \ud83d\ude80\"}"),
        header(
            "PutImage with a manifest body",
            SdkOracle.ecrJson("PutImage"),
            "{\"repositoryName\":\"app\",\"imageManifest\":\"{\\\"schemaVersion\\\":2}\","
                + "\"imageTag\":\"v1.0\"}"),
        header("POST with empty body", SdkOracle.ecrJson("ListImages"), ""),
        header(
            "GET with awkward query",
            SdkOracle.request(SdkHttpMethod.GET, "/v2/app/tags/list")
                .putRawQueryParameter("q", "a b=c/d")
                .putRawQueryParameter("unicode", "caf\u00e9 \u2603")
                .putRawQueryParameter("plus", "1+1")
                .putRawQueryParameter("reserved", "!*'();:@&=+$,/?#[]~")
                .appendRawQueryParameter("tag", "z")
                .appendRawQueryParameter("tag", "a")
                .appendRawQueryParameter("tag", "m m")
                .putRawQueryParameter("empty", "")
                .putRawQueryParameter("A", "upper-sorts-first"),
            ""),
        header(
            "GET with encoded path",
            SdkOracle.request(SdkHttpMethod.GET, "/v2/team%2Fapp/blobs/sha256%3Aabc"),
            ""),
        header("GET with space and unicode path", pathRequest("/a%20b/caf%C3%A9/%E2%98%83"), ""),
        header("GET with dot segments", pathRequest("/v2/./team/../app//manifests/v1/"), ""),
        header("GET with unreserved characters", pathRequest("/a-b_c.d~e/F0"), ""),
        header("GET root", pathRequest("/"), ""),
        header(
            "headers with runs of spaces and several values",
            SdkOracle.ecrJson("ListImages")
                .putHeader("X-Custom", "  a   lot\tof   space  ")
                .appendHeader("X-Multi", "one")
                .appendHeader("X-Multi", " two  words "),
            "{}"),
        new Case(
            "session token",
            SdkOracle.signHeader(
                SdkOracle.ecrJson("BatchGetImage").build(), utf8("{\"x\":1}"), signing(SESSION)),
            SESSION),
        new Case(
            "other allowed region",
            SdkOracle.signHeader(
                SdkOracle.ecrJson("ListImages").build(),
                utf8("{}"),
                signing(ALICE).withRegion("eu-west-1")),
            ALICE),
        new Case(
            "UNSIGNED-PAYLOAD",
            SdkOracle.signUnsignedPayload(
                SdkOracle.ecrJson("UploadLayerPart").build(),
                utf8("{\"layerPartBlob\":\"AAAA\"}"),
                signing(ALICE)),
            ALICE),
        new Case(
            "signed 14 minutes ago",
            SdkOracle.signHeader(
                SdkOracle.ecrJson("ListImages").build(),
                utf8("{}"),
                signing(ALICE).at(Fixtures.NOW.minus(Duration.ofMinutes(14)))),
            ALICE),
        new Case(
            "signed 15 minutes ahead",
            SdkOracle.signHeader(
                SdkOracle.ecrJson("ListImages").build(),
                utf8("{}"),
                signing(ALICE).at(Fixtures.NOW.plus(Duration.ofMinutes(15)))),
            ALICE));
  }

  static Stream<Case> legacySigned() {
    return Stream.of(
        legacy("POST JSON", SdkOracle.ecrJson("GetAuthorizationToken"), "{}", ALICE),
        legacy(
            "GET with query",
            SdkOracle.request(SdkHttpMethod.GET, "/v2/_catalog")
                .putRawQueryParameter("n", "10")
                .putRawQueryParameter("last", "team/app b"),
            "",
            ALICE),
        legacy("encoded path", pathRequest("/v2/team%2Fapp/a%20b/"), "", ALICE),
        legacy("session token", SdkOracle.ecrJson("ListImages"), "{\"a\":[1,2]}", SESSION));
  }

  static Stream<Case> presigned() {
    return Stream.of(
        presign("GET /v2/", pathRequest("/v2/"), "", ALICE, Duration.ofMinutes(5)),
        presign(
            "GET with query and encoded path",
            SdkOracle.request(SdkHttpMethod.GET, "/v2/team%2Fapp/blobs/x%20y")
                .putRawQueryParameter("q", "a b=c/\u00e9")
                .appendRawQueryParameter("k", "2")
                .appendRawQueryParameter("k", "1"),
            "",
            ALICE,
            Duration.ofHours(1)),
        presign(
            "PUT with body",
            pathRequest("/upload").method(SdkHttpMethod.PUT),
            "bytes",
            ALICE,
            Duration.ofMinutes(1)),
        presign(
            "session token",
            SdkOracle.ecrJson("GetAuthorizationToken"),
            "{}",
            SESSION,
            Duration.ofMinutes(15)),
        presign("seven days", pathRequest("/v2/"), "", ALICE, Duration.ofDays(7)),
        new Case(
            "UNSIGNED-PAYLOAD",
            SdkOracle.presignUnsignedPayload(
                pathRequest("/v2/").build(), EMPTY, signing(ALICE), Duration.ofMinutes(5)),
            ALICE),
        new Case(
            "signed 59 minutes ago for an hour",
            SdkOracle.presign(
                pathRequest("/v2/").build(),
                EMPTY,
                signing(ALICE).at(Fixtures.NOW.minus(Duration.ofMinutes(59))),
                Duration.ofHours(1)),
            ALICE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerSigned")
  void acceptsHeaderSignedByTheSdk(Case c) {
    assertThat(c.request().headers()).containsKey("authorization");
    assertThat(Fixtures.verifier().verify(c.request())).isEqualTo(c.credential().principal());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("legacySigned")
  void acceptsRequestsWithoutContentShaHeader(Case c) {
    assertThat(c.request().headers()).doesNotContainKey("x-amz-content-sha256");
    assertThat(Fixtures.verifier().verify(c.request())).isEqualTo(c.credential().principal());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("presigned")
  void acceptsPresignedBySdk(Case c) {
    assertThat(c.request().headers()).doesNotContainKey("authorization");
    assertThat(c.request().rawQuery()).contains("X-Amz-Signature=");
    assertThat(Fixtures.verifier().verify(c.request())).isEqualTo(c.credential().principal());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerSigned")
  void sdkSignedHeadersIncludeHost(Case c) {
    assertThat(c.request().headers().get("authorization"))
        .singleElement()
        .asString()
        .contains("host;");
    assertThat(c.request().headers().get("host"))
        .isEqualTo(List.of("api.ecr.us-east-1.amazonaws.com"));
  }

  private static SdkHttpFullRequest.Builder pathRequest(String encodedPath) {
    return SdkOracle.request(SdkHttpMethod.GET, encodedPath);
  }

  private static Case header(String name, SdkHttpFullRequest.Builder request, String body) {
    return new Case(name, SdkOracle.signHeader(request.build(), utf8(body), signing(ALICE)), ALICE);
  }

  private static Case legacy(
      String name, SdkHttpFullRequest.Builder request, String body, Credential credential) {
    return new Case(
        name, SdkOracle.signLegacy(request.build(), utf8(body), signing(credential)), credential);
  }

  private static Case presign(
      String name,
      SdkHttpFullRequest.Builder request,
      String body,
      Credential credential,
      Duration expires) {
    return new Case(
        name,
        SdkOracle.presign(request.build(), utf8(body), signing(credential), expires),
        credential);
  }
}
