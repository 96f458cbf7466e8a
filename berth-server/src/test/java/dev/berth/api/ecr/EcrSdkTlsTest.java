package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import dev.berth.app.TlsTrust;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * Issue 11: the AWS SDK for Java v2 (its default Apache 5 HTTP client) over HTTPS to a {@code tls:
 * auto} node, trusting only the node's CA through a trust store; without it the SDK refuses the
 * node.
 */
class EcrSdkTlsTest {
  @TempDir static Path dir;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.startTls(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static EcrClient client(SdkHttpClient http) {
    return EcrClient.builder()
        .endpointOverride(node.base())
        .region(Region.US_EAST_1)
        .httpClient(http)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY)))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  @Test
  void sdkTrustingTheCa_callsEcr_andTheUrlsItIsGivenSayHttps() throws Exception {
    Path ca = node.caCertificate();
    try (EcrClient ecr =
        client(
            Apache5HttpClient.builder()
                .tlsTrustManagersProvider(() -> TlsTrust.trustManagers(ca))
                .build())) {
      assertThat(node.base().getScheme()).isEqualTo("https");
      ecr.createRepository(r -> r.repositoryName("tls/sdk"));
      assertThat(ecr.describeRepositories(r -> r.repositoryNames("tls/sdk")).repositories())
          .singleElement()
          .satisfies(repo -> assertThat(repo.repositoryName()).isEqualTo("tls/sdk"));
      AuthorizationData auth = ecr.getAuthorizationToken(r -> {}).authorizationData().get(0);
      assertThat(auth.proxyEndpoint()).startsWith("https://");
      assertThat(
              new String(
                  Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8))
          .startsWith("AWS:");

      // a layer pushed over TLS, and the download URL handed out for it, also https
      byte[] layer = "a layer pushed over tls".getBytes(StandardCharsets.UTF_8);
      String uploadId = ecr.initiateLayerUpload(r -> r.repositoryName("tls/sdk")).uploadId();
      ecr.uploadLayerPart(
          r ->
              r.repositoryName("tls/sdk")
                  .uploadId(uploadId)
                  .partFirstByte(0L)
                  .partLastByte((long) layer.length - 1)
                  .layerPartBlob(SdkBytes.fromByteArray(layer)));
      String digest = Digest.sha256(Hashing.sha256().digest(layer)).toString();
      ecr.completeLayerUpload(
          r -> r.repositoryName("tls/sdk").uploadId(uploadId).layerDigests(digest));
      String url =
          ecr.getDownloadUrlForLayer(r -> r.repositoryName("tls/sdk").layerDigest(digest))
              .downloadUrl();
      assertThat(url).startsWith("https://127.0.0.1:" + node.berth().port() + "/v2/");
      HttpResponse<byte[]> download =
          HttpClient.newBuilder()
              .sslContext(node.sslContext())
              .build()
              .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body()).isEqualTo(layer);
    }
  }

  @Test
  void sdkWithTheJdkDefaultTrust_refusesTheNode() {
    try (EcrClient ecr = client(Apache5HttpClient.builder().build())) {
      assertThatThrownBy(() -> ecr.describeRepositories(r -> {}))
          .isInstanceOf(SdkClientException.class)
          .satisfies(
              e -> {
                Throwable c = e;
                while (c != null && !(c instanceof SSLHandshakeException)) {
                  c = c.getCause();
                }
                assertThat(c).as("an SSLHandshakeException among the causes").isNotNull();
                assertThat(String.valueOf(java.util.Objects.requireNonNull(c).getMessage()))
                    .contains("PKIX path building failed");
              });
    }
  }
}
