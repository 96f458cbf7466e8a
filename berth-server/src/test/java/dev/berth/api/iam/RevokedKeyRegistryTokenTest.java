package dev.berth.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Issue 9, item 3: a registry token stops working on every {@code /v2} path, {@code /v2/} included,
 * as soon as its access key is deactivated or deleted, and works again when the key is reactivated.
 */
class RevokedKeyRegistryTokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECR_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
          + "\"Resource\":\"*\"}]}";
  private static final List<String> PATHS =
      List.of(
          "/v2/",
          "/v2/_catalog",
          "/v2/team/app/tags/list",
          "/v2/team/app/manifests/latest",
          "/v2/team/app/blobs/sha256:" + "a".repeat(64));

  @TempDir Path tmp;
  private TestNode node;
  private SignedQuery root;
  private final HttpClient http = HttpClient.newHttpClient();
  private String keyId;
  private String basic;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp);
    node.createRepository("team/app");
    root =
        new SignedQuery(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    ok("CreateUser", Map.of("UserName", "ci"));
    ok("PutUserPolicy", Map.of("UserName", "ci", "PolicyName", "ecr", "PolicyDocument", ECR_ALL));
    SignedQuery.Reply key = ok("CreateAccessKey", Map.of("UserName", "ci"));
    keyId = key.element("AccessKeyId");
    try (EcrClient ecr =
        EcrClient.builder()
            .endpointOverride(node.base())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keyId, key.element("SecretAccessKey"))))
            .build()) {
      basic =
          "Basic "
              + ecr.getAuthorizationToken(r -> {}).authorizationData().get(0).authorizationToken();
    }
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private SignedQuery.Reply ok(String action, Map<String, String> params) {
    SignedQuery.Reply r = root.iam(action, params);
    assertThat(r.status()).as(action + " " + r.body()).isEqualTo(200);
    return r;
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.base() + path))
            .header("Authorization", basic)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private void assertEveryPathRefused() throws Exception {
    for (String path : PATHS) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(JSON.readTree(r.body()).path("errors").path(0).path("code").asText())
          .isEqualTo("UNAUTHORIZED");
    }
    HttpResponse<byte[]> push =
        http.send(
            HttpRequest.newBuilder(URI.create(node.base() + "/v2/team/app/blobs/uploads/"))
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(push.statusCode()).isEqualTo(401);
  }

  @Test
  void tokenOfDeactivatedKey_isRefusedEverywhere_untilReactivated() throws Exception {
    assertThat(get("/v2/").statusCode()).isEqualTo(200);
    assertThat(get("/v2/_catalog").statusCode()).isEqualTo(200);

    ok("UpdateAccessKey", Map.of("UserName", "ci", "AccessKeyId", keyId, "Status", "Inactive"));
    assertEveryPathRefused();

    ok("UpdateAccessKey", Map.of("UserName", "ci", "AccessKeyId", keyId, "Status", "Active"));
    assertThat(get("/v2/").statusCode()).isEqualTo(200);
    assertThat(new String(get("/v2/_catalog").body(), StandardCharsets.UTF_8)).contains("team/app");
  }

  @Test
  void tokenOfDeletedKey_isRefusedEverywhere() throws Exception {
    assertThat(get("/v2/").statusCode()).isEqualTo(200);

    ok("DeleteAccessKey", Map.of("UserName", "ci", "AccessKeyId", keyId));
    assertEveryPathRefused();
  }
}
