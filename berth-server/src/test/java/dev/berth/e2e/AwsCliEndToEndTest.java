package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code aws} CLI against Berth: repositories, {@code get-login-password} piped into
 * {@code skopeo login}, a push, then list, describe, batch-get, batch-delete and delete.
 */
class AwsCliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private TestNode node;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    SkopeoCli.requireInstalled();
    AwsCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"));
    env = new HashMap<>(System.getenv());
    env.put("AWS_ACCESS_KEY_ID", TestNode.ROOT_ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", TestNode.ROOT_SECRET_ACCESS_KEY);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
    env.put("AWS_PAGER", "");
    env.remove("AWS_PROFILE");
    env.remove("AWS_SESSION_TOKEN");
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private List<String> aws(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of("aws", "--endpoint-url", node.base().toString(), "--output", "json"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private JsonNode ok(String... args) throws Exception {
    Skopeo.Result r = Skopeo.exec(TIMEOUT, env, aws(args)).orThrow();
    return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
  }

  @Test
  void repositoryLifecycle_loginPushListDescribeGetDelete() throws Exception {
    JsonNode created =
        ok(
            "ecr",
            "create-repository",
            "--repository-name",
            "team/cli",
            "--image-tag-mutability",
            "MUTABLE");
    assertThat(created.path("repository").path("repositoryArn").asText())
        .isEqualTo("arn:aws:ecr:us-east-1:000000000000:repository/team/cli");
    assertThat(
            ok("ecr", "describe-repositories")
                .path("repositories")
                .get(0)
                .path("repositoryName")
                .asText())
        .isEqualTo("team/cli");

    Path layout = tmp.resolve("layout");
    OciLayoutFixture.Image image = OciLayoutFixture.writeImage(layout, "v1", 3, 200_000, 11);
    Path authFile = tmp.resolve("auth.json");
    String pipeline =
        String.join(
                " ",
                aws("ecr", "get-login-password").stream().map(AwsCliEndToEndTest::quote).toList())
            + " | skopeo login --tls-verify=false --authfile "
            + quote(authFile.toString())
            + " --username AWS --password-stdin "
            + node.hostPort();
    Skopeo.Result login = Skopeo.exec(TIMEOUT, env, List.of("sh", "-c", pipeline)).orThrow();
    assertThat(login.stdout()).contains("Login Succeeded");
    Skopeo.exec(
            TIMEOUT,
            env,
            List.of(
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "--authfile",
                authFile.toString(),
                "oci:" + layout + ":v1",
                "docker://" + node.hostPort() + "/team/cli:v1"))
        .orThrow();

    JsonNode ids = ok("ecr", "list-images", "--repository-name", "team/cli");
    assertThat(ids.path("imageIds").get(0).path("imageDigest").asText()).isEqualTo(image.digest());
    assertThat(ids.path("imageIds").get(0).path("imageTag").asText()).isEqualTo("v1");
    JsonNode details = ok("ecr", "describe-images", "--repository-name", "team/cli");
    JsonNode d = details.path("imageDetails").get(0);
    assertThat(d.path("imageTags").get(0).asText()).isEqualTo("v1");
    assertThat(d.path("imageSizeInBytes").asLong()).isGreaterThan(3 * 100_000L);
    assertThat(d.path("imageManifestMediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    JsonNode got =
        ok("ecr", "batch-get-image", "--repository-name", "team/cli", "--image-ids", "imageTag=v1");
    byte[] pushed =
        Files.readAllBytes(layout.resolve("blobs/sha256/" + image.digest().substring(7)));
    assertThat(got.path("images").get(0).path("imageManifest").asText())
        .isEqualTo(new String(pushed, java.nio.charset.StandardCharsets.UTF_8));

    JsonNode deleted =
        ok(
            "ecr",
            "batch-delete-image",
            "--repository-name",
            "team/cli",
            "--image-ids",
            "imageTag=v1",
            "imageTag=missing");
    assertThat(deleted.path("imageIds").get(0).path("imageDigest").asText())
        .isEqualTo(image.digest());
    assertThat(deleted.path("failures").get(0).path("failureCode").asText())
        .isEqualTo("ImageNotFound");
    assertThat(ok("ecr", "list-images", "--repository-name", "team/cli").path("imageIds"))
        .isEmpty();
    ok("ecr", "delete-repository", "--repository-name", "team/cli", "--force");
    assertThat(ok("ecr", "describe-repositories").path("repositories")).isEmpty();
  }

  @Test
  void errors_areTheModelledExceptions() throws Exception {
    Skopeo.Result missing =
        Skopeo.exec(TIMEOUT, env, aws("ecr", "describe-images", "--repository-name", "nope"));
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr())
        .contains("RepositoryNotFoundException")
        .contains(
            "The repository with name 'nope' does not exist in the registry with id '000000000000'");
    Skopeo.Result badName =
        Skopeo.exec(TIMEOUT, env, aws("ecr", "create-repository", "--repository-name", "Bad_Name"));
    assertThat(badName.stderr()).contains("InvalidParameterException");
    Map<String, String> wrong = new HashMap<>(env);
    wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-secret-not-the-secret-not-the-secret");
    Skopeo.Result badSig =
        Skopeo.exec(TIMEOUT, wrong, aws("ecr", "create-repository", "--repository-name", "sneaky"));
    assertThat(badSig.exitCode()).isNotZero();
    assertThat(badSig.stderr()).contains("InvalidSignatureException");
    assertThat(ok("ecr", "describe-repositories").path("repositories")).isEmpty();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
