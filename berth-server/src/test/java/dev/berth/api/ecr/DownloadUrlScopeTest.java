package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import dev.berth.auth.RegistryTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Issue 9, item 2: the URL of {@code GetDownloadUrlForLayer} downloads its one blob, for a short
 * time, and its token is good for nothing else: not as a {@code docker login} password, not for
 * another blob, another repository, another method or endpoint. Refusals are 401 OCI envelopes.
 */
class DownloadUrlScopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] LAYER = "layer bytes of team/app".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER = "another layer".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private TestNode node;
  private EcrClient ecr;
  private final HttpClient http = HttpClient.newHttpClient();
  private String layer;
  private String other;
  private String url;
  private String token;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp);
    ecr = EcrClients.root(node);
    ecr.createRepository(r -> r.repositoryName("team/app"));
    ecr.createRepository(r -> r.repositoryName("team/other"));
    layer = upload("team/app", LAYER);
    other = upload("team/app", OTHER);
    upload("team/other", LAYER);
    url =
        ecr.getDownloadUrlForLayer(r -> r.repositoryName("team/app").layerDigest(layer))
            .downloadUrl();
    token = url.substring(url.indexOf("X-Berth-Token=") + "X-Berth-Token=".length());
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  private String upload(String repo, byte[] content) throws Exception {
    String id = ecr.initiateLayerUpload(r -> r.repositoryName(repo)).uploadId();
    ecr.uploadLayerPart(
        r ->
            r.repositoryName(repo)
                .uploadId(id)
                .partFirstByte(0L)
                .partLastByte((long) content.length - 1)
                .layerPartBlob(SdkBytes.fromByteArray(content)));
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    ecr.completeLayerUpload(r -> r.repositoryName(repo).uploadId(id).layerDigests(digest));
    return digest;
  }

  private HttpResponse<byte[]> send(String method, String target, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(target))
            .method(
                method,
                "POST".equals(method) || "PUT".equals(method)
                    ? HttpRequest.BodyPublishers.ofByteArray(OTHER)
                    : HttpRequest.BodyPublishers.noBody());
    if (!authorization.isEmpty()) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private void assertRefused(HttpResponse<byte[]> r) throws IOException {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.uri()).isEqualTo(401);
    if ("HEAD".equals(r.request().method())) {
      return;
    }
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("errors").path(0).path("code").asText()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void downloadUrl_downloadsItsBlob() throws Exception {
    HttpResponse<byte[]> get = send("GET", url, "");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(LAYER);
    assertThat(send("HEAD", url, "").statusCode()).isEqualTo(200);
  }

  @Test
  void downloadUrl_isShortLived() throws IOException {
    String payload = token.substring(0, token.indexOf('.'));
    long expires = JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("e").asLong();
    assertThat(Instant.ofEpochSecond(expires))
        .isBefore(Instant.now().plus(RegistryTokens.DOWNLOAD_VALIDITY).plusSeconds(5))
        .isBefore(Instant.now().plus(Duration.ofMinutes(15)));
  }

  @Test
  void downloadToken_isNoLoginPassword() throws Exception {
    String basic = TestNode.basic(token);
    String base = node.base().toString();
    assertRefused(send("GET", base + "/v2/", basic));
    assertRefused(send("GET", base + "/v2/_catalog", basic));
    assertRefused(send("GET", base + "/v2/team/app/blobs/" + layer, basic));
    assertRefused(send("GET", base + "/v2/team/app/blobs/" + other, basic));
    assertRefused(send("POST", base + "/v2/team/app/blobs/uploads/", basic));
    assertRefused(send("DELETE", base + "/v2/team/app/blobs/" + layer, basic));
    assertRefused(send("GET", base + "/v2/team/app/tags/list", basic));
  }

  @Test
  void downloadToken_isRefusedForAnythingButItsBlob() throws Exception {
    String base = node.base().toString();
    String q = "?X-Berth-Token=" + token;
    assertRefused(send("GET", base + "/v2/team/app/blobs/" + other + q, ""));
    assertRefused(send("HEAD", base + "/v2/team/app/blobs/" + other + q, ""));
    assertRefused(send("GET", base + "/v2/team/other/blobs/" + layer + q, ""));
    assertRefused(send("DELETE", base + "/v2/team/app/blobs/" + layer + q, ""));
    assertRefused(send("POST", base + "/v2/team/app/blobs/uploads/" + q, ""));
    assertRefused(send("GET", base + "/v2/team/app/manifests/latest" + q, ""));
    assertRefused(send("GET", base + "/v2/team/app/tags/list" + q, ""));
    assertRefused(send("GET", base + "/v2/_catalog" + q, ""));
    assertRefused(send("GET", base + "/v2/" + q, ""));
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertRefused(
        send("GET", base + "/v2/team/app/blobs/" + layer + "?X-Berth-Token=" + tampered, ""));
  }
}
