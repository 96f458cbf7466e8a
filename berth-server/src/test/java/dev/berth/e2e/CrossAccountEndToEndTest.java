package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second account's users pull from the first account's registry host when, and only when, both
 * the repository policy and their own identity policies allow it.
 */
class CrossAccountEndToEndTest {
  private static final String OWNER_HOST = "000000000000.dkr.ecr.us-east-1.localhost";

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;

  @BeforeEach
  void start() throws Exception {
    SkopeoCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Map<String, String> env(String keyId, String secret) {
    return cli.env(keyId, secret, "");
  }

  private JsonNode ok(Map<String, String> env, String... args) {
    return cli.ok(env, args);
  }

  private String password(Map<String, String> env) {
    return cli.loginPassword(env);
  }

  /** A GET on the owner's registry host (by Host header), as the given registry password. */
  private int get(String password, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.base().getPort())) {
      OutputStream out = socket.getOutputStream();
      String auth =
          Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + OWNER_HOST
                  + "\r\nAuthorization: Basic "
                  + auth
                  + "\r\nAccept: application/vnd.oci.image.manifest.v1+json\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void pullNeedsBothTheRepositoryPolicyAndTheCallersOwnPolicies() throws Exception {
    Map<String, String> owner = env(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    ok(owner, "ecr", "create-repository", "--repository-name", "shared/app");
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 1, 10_000, 9);
    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
    skopeo
        .copy("oci:" + layout + ":v1", "docker://" + node.hostPort() + "/shared/app:v1")
        .orThrow();

    String[] other = node.createAccount("222222222222");
    Map<String, String> otherRoot = env(other[0], other[1]);
    ok(otherRoot, "iam", "create-user", "--user-name", "puller");
    ok(
        otherRoot,
        "iam",
        "attach-user-policy",
        "--user-name",
        "puller",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    JsonNode k1 =
        ok(otherRoot, "iam", "create-access-key", "--user-name", "puller").path("AccessKey");
    ok(otherRoot, "iam", "create-user", "--user-name", "nobody");
    ok(
        otherRoot,
        "iam",
        "put-user-policy",
        "--user-name",
        "nobody",
        "--policy-name",
        "login-only",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}");
    JsonNode k2 =
        ok(otherRoot, "iam", "create-access-key", "--user-name", "nobody").path("AccessKey");
    String puller =
        password(env(k1.path("AccessKeyId").asText(), k1.path("SecretAccessKey").asText()));
    String nobody =
        password(env(k2.path("AccessKeyId").asText(), k2.path("SecretAccessKey").asText()));

    String manifest = "/v2/shared/app/manifests/v1";
    assertThat(get(puller, manifest)).as("no repository policy yet").isEqualTo(403);
    ok(
        owner,
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "shared/app",
        "--policy-text",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Account2Pulls\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
            + "\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"]}]}");
    assertThat(get(puller, manifest)).as("both sides allow").isEqualTo(200);
    assertThat(get(nobody, manifest)).as("the caller's own account does not allow").isEqualTo(403);
    assertThat(get(puller, "/v2/shared/app/tags/list"))
        .as("ListImages is not granted to account 2")
        .isEqualTo(403);
    assertThat(get(puller, "/v2/_catalog")).as("another account's catalog").isEqualTo(403);
  }
}
