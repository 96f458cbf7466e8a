package dev.berth.cli.credentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * GetAuthorizationToken through the AWS SDK for Java, over the JDK's {@code HttpURLConnection},
 * signed with the credentials {@link AwsSetup#credentials()} resolves.
 */
final class EcrTokenSource implements TokenSource {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final AwsSetup aws;

  EcrTokenSource(AwsSetup aws) {
    this.aws = aws;
  }

  @Override
  public Token fetch(String serverUrl, URI endpoint, String region, Optional<Path> caBundle) {
    UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(CALL_TIMEOUT);
    if (endpoint.getScheme().equals("https")) {
      caBundle
          .or(aws::profileCaBundle)
          .ifPresent(
              pem -> {
                var managers = CaBundle.trustManagers(pem);
                http.tlsTrustManagersProvider(() -> managers);
              });
    }
    try (SdkHttpClient client = http.build();
        DefaultCredentialsProvider credentials = aws.credentials();
        EcrClient ecr =
            EcrClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(client)
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))
                .build()) {
      AuthorizationData data = ecr.getAuthorizationToken().authorizationData().get(0);
      String decoded =
          new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0 || data.expiresAt() == null) {
        throw new HelperException(
            HelperException.NOT_FOUND,
            new IllegalStateException(endpoint + " answered with a malformed authorization token"));
      }
      return new Token(
          serverUrl, decoded.substring(0, colon), decoded.substring(colon + 1), data.expiresAt());
    } catch (SdkException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw HelperException.notFound(
          new IllegalStateException(
              "failed to get a token from "
                  + endpoint
                  + " (region "
                  + region
                  + "): "
                  + e.getMessage(),
              e));
    }
  }
}
