package dev.berth.auth;

import dev.berth.common.Hashing;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Signs requests with the AWS SDK for Java v2 (an independent SigV4 implementation) and turns the
 * result into the {@link SignedRequest} a server would see.
 */
final class SdkOracle {
  static final String ENDPOINT = "https://api.ecr.us-east-1.amazonaws.com";

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private SdkOracle() {}

  /** Who signs, where and when. */
  record Signing(
      String accessKeyId,
      String secret,
      String sessionToken,
      String region,
      String service,
      Instant at) {
    Signing withSecret(String other) {
      return new Signing(accessKeyId, other, sessionToken, region, service, at);
    }

    Signing withToken(String token) {
      return new Signing(accessKeyId, secret, token, region, service, at);
    }

    Signing withRegion(String other) {
      return new Signing(accessKeyId, secret, sessionToken, other, service, at);
    }

    Signing withService(String other) {
      return new Signing(accessKeyId, secret, sessionToken, region, other, at);
    }

    Signing at(Instant other) {
      return new Signing(accessKeyId, secret, sessionToken, region, service, other);
    }

    Signing withKey(String other) {
      return new Signing(other, secret, sessionToken, region, service, at);
    }

    AwsCredentialsIdentity identity() {
      return sessionToken.isEmpty()
          ? AwsCredentialsIdentity.create(accessKeyId, secret)
          : AwsSessionCredentialsIdentity.create(accessKeyId, secret, sessionToken);
    }

    AwsCredentials legacyCredentials() {
      return sessionToken.isEmpty()
          ? AwsBasicCredentials.create(accessKeyId, secret)
          : AwsSessionCredentials.create(accessKeyId, secret, sessionToken);
    }

    Clock clock() {
      return Clock.fixed(at, ZoneOffset.UTC);
    }
  }

  /** A request builder against the ECR endpoint. */
  static SdkHttpFullRequest.Builder request(SdkHttpMethod method, String encodedPath) {
    return SdkHttpFullRequest.builder()
        .method(method)
        .uri(URI.create(ENDPOINT))
        .encodedPath(encodedPath);
  }

  /** An aws CLI-style ECR JSON call: {@code POST /} with {@code X-Amz-Target}. */
  static SdkHttpFullRequest.Builder ecrJson(String operation) {
    return request(SdkHttpMethod.POST, "/")
        .putHeader("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921." + operation)
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("Accept-Encoding", "identity")
        .putHeader("User-Agent", "aws-cli/2.17.0 Python/3.11 Linux/6.1 exe/x86_64");
  }

  /** Signed in the Authorization header; the SDK adds {@code x-amz-content-sha256}. */
  static SignedRequest signHeader(SdkHttpFullRequest request, byte[] body, Signing signing) {
    return sign(request, body, signing, false, Duration.ZERO);
  }

  /** Signed in the header with {@code UNSIGNED-PAYLOAD} as the payload hash. */
  static SignedRequest signUnsignedPayload(
      SdkHttpFullRequest request, byte[] body, Signing signing) {
    return sign(request, body, signing, true, Duration.ZERO);
  }

  /** Presigned in the query string. */
  static SignedRequest presign(
      SdkHttpFullRequest request, byte[] body, Signing signing, Duration expires) {
    return sign(request, body, signing, false, expires);
  }

  /** Presigned in the query string with {@code UNSIGNED-PAYLOAD} as the payload hash. */
  static SignedRequest presignUnsignedPayload(
      SdkHttpFullRequest request, byte[] body, Signing signing, Duration expires) {
    return sign(request, body, signing, true, expires);
  }

  private static SignedRequest sign(
      SdkHttpFullRequest request,
      byte[] body,
      Signing signing,
      boolean unsignedPayload,
      Duration expires) {
    SdkHttpRequest signed =
        SIGNER
            .sign(
                r -> {
                  r.identity(signing.identity())
                      .request(request)
                      .payload(ContentStreamProvider.fromByteArray(body))
                      .putProperty(AwsV4HttpSigner.REGION_NAME, signing.region())
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signing.service())
                      .putProperty(HttpSigner.SIGNING_CLOCK, signing.clock());
                  if (unsignedPayload) {
                    r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
                  }
                  if (!expires.isZero()) {
                    r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires);
                  }
                })
            .request();
    return toSignedRequest(signed, body);
  }

  /**
   * Signed with the SDK's older {@code Aws4Signer}, which sends no {@code x-amz-content-sha256}:
   * the verifier must hash the body itself.
   */
  @SuppressWarnings("deprecation")
  static SignedRequest signLegacy(SdkHttpFullRequest request, byte[] body, Signing signing) {
    Aws4SignerParams params =
        Aws4SignerParams.builder()
            .awsCredentials(signing.legacyCredentials())
            .signingName(signing.service())
            .signingRegion(Region.of(signing.region()))
            .signingClockOverride(signing.clock())
            .build();
    SdkHttpFullRequest withBody =
        request.toBuilder()
            .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
            .build();
    return toSignedRequest(Aws4Signer.create().sign(withBody, params), body);
  }

  /** What the server would see of the request the SDK sends. */
  static SignedRequest toSignedRequest(SdkHttpRequest request, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) ->
                headers
                    .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(values));
    return new SignedRequest(
        request.method().name(),
        request.encodedPath(),
        request.encodedQueryParameters().orElse(""),
        headers,
        sha256Hex(body));
  }

  static String sha256Hex(byte[] body) {
    return HexFormat.of().formatHex(Hashing.sha256().digest(body));
  }
}
