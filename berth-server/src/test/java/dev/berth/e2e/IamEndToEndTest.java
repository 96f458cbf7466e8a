package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM end to end with the real aws CLI and skopeo: users in groups with the ECR managed policies, a
 * repository policy deny, an assumed role, and a second account pulling through a repository
 * policy.
 */
class IamEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;
  private Path layout;

  @BeforeEach
  void start() throws Exception {
    SkopeoCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
    layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 2, 50_000, 3);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Map<String, String> env(String keyId, String secret, String token) {
    return cli.env(keyId, secret, token);
  }

  private Map<String, String> root() {
    return cli.root();
  }

  private Skopeo.Result aws(Map<String, String> env, String... args) {
    return cli.run(env, args);
  }

  private JsonNode ok(Map<String, String> env, String... args) {
    return cli.ok(env, args);
  }

  /** Logs in with get-login-password as the given identity and copies the layout's image. */
  private Skopeo.Result push(Map<String, String> env, String repo) {
    Path auth = login(env);
    return Skopeo.exec(
        TIMEOUT,
        env,
        List.of(
            "skopeo",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "--authfile",
            auth.toString(),
            "oci:" + layout + ":v1",
            "docker://" + node.hostPort() + "/" + repo + ":v1"));
  }

  private Skopeo.Result pull(Map<String, String> env, String registryHost, String repo) {
    Path auth = login(env);
    return Skopeo.exec(
        TIMEOUT,
        env,
        List.of(
            "skopeo",
            "inspect",
            "--tls-verify=false",
            "--authfile",
            auth.toString(),
            "docker://" + registryHost + "/" + repo + ":v1"));
  }

  private Path login(Map<String, String> env) {
    Path auth = tmp.resolve("auth-" + System.nanoTime() + ".json");
    String pipeline =
        "aws --endpoint-url "
            + node.base()
            + " ecr get-login-password | skopeo login --tls-verify=false --authfile "
            + auth
            + " --username AWS --password-stdin "
            + node.hostPort();
    Skopeo.exec(TIMEOUT, env, List.of("sh", "-c", pipeline)).orThrow();
    return auth;
  }

  private Map<String, String> userWithKey(String user, String group) throws Exception {
    ok(root(), "iam", "create-user", "--user-name", user);
    ok(root(), "iam", "add-user-to-group", "--group-name", group, "--user-name", user);
    JsonNode key = ok(root(), "iam", "create-access-key", "--user-name", user).path("AccessKey");
    return env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");
  }

  @Test
  void readOnlyPowerUserRepositoryDenyAssumedRoleAndCrossAccount() throws Exception {
    ok(root(), "ecr", "create-repository", "--repository-name", "team/app");
    ok(root(), "ecr", "create-repository", "--repository-name", "team/locked");
    ok(root(), "iam", "create-group", "--group-name", "readers");
    ok(
        root(),
        "iam",
        "attach-group-policy",
        "--group-name",
        "readers",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    ok(root(), "iam", "create-group", "--group-name", "pushers");
    ok(
        root(),
        "iam",
        "attach-group-policy",
        "--group-name",
        "pushers",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");
    Map<String, String> reader = userWithKey("reader", "readers");
    Map<String, String> pusher = userWithKey("pusher", "pushers");
    assertThat(ok(reader, "sts", "get-caller-identity").path("Arn").asText())
        .isEqualTo("arn:aws:iam::000000000000:user/reader");

    assertThat(push(pusher, "team/app").exitCode()).as("power user pushes").isZero();
    assertThat(pull(reader, node.hostPort(), "team/app").exitCode())
        .as("read-only user pulls")
        .isZero();
    Skopeo.Result readerPush = push(reader, "team/app");
    assertThat(readerPush.exitCode()).as("read-only user cannot push").isNotZero();
    assertThat(readerPush.stderr().toLowerCase(java.util.Locale.ROOT)).contains("denied");
    Skopeo.Result readerCreate =
        aws(reader, "ecr", "create-repository", "--repository-name", "nope");
    assertThat(readerCreate.stderr())
        .contains("AccessDeniedException")
        .contains("arn:aws:iam::000000000000:user/reader")
        .contains("ecr:CreateRepository");

    String deny =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoPusher\",\"Effect\":\"Deny\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:user/pusher\"},\"Action\":\"ecr:*\"}]}";
    ok(
        root(),
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "team/locked",
        "--policy-text",
        deny);
    Skopeo.Result locked = push(pusher, "team/locked");
    assertThat(locked.exitCode()).as("repository policy deny blocks the power user").isNotZero();
    assertThat(push(pusher, "team/app").exitCode()).as("other repositories still work").isZero();

    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::000000000000:user/reader\"},\"Action\":\"sts:AssumeRole\"}]}";
    ok(
        root(),
        "iam",
        "create-role",
        "--role-name",
        "deployer",
        "--assume-role-policy-document",
        trust);
    ok(
        root(),
        "iam",
        "attach-role-policy",
        "--role-name",
        "deployer",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");
    assertThat(
            aws(
                    pusher,
                    "sts",
                    "assume-role",
                    "--role-arn",
                    "arn:aws:iam::000000000000:role/deployer",
                    "--role-session-name",
                    "xx")
                .stderr())
        .as("trust policy names only the reader")
        .contains("AccessDenied");
    JsonNode creds =
        ok(
                reader,
                "sts",
                "assume-role",
                "--role-arn",
                "arn:aws:iam::000000000000:role/deployer",
                "--role-session-name",
                "ci")
            .path("Credentials");
    Map<String, String> session =
        env(
            creds.path("AccessKeyId").asText(),
            creds.path("SecretAccessKey").asText(),
            creds.path("SessionToken").asText());
    assertThat(ok(session, "sts", "get-caller-identity").path("Arn").asText())
        .isEqualTo("arn:aws:sts::000000000000:assumed-role/deployer/ci");
    assertThat(push(session, "team/app").exitCode()).as("the assumed role pushes").isZero();
    Map<String, String> forged = new HashMap<>(session);
    forged.put("AWS_SESSION_TOKEN", creds.path("SessionToken").asText() + "x");
    assertThat(aws(forged, "ecr", "describe-repositories").stderr())
        .contains("UnrecognizedClientException");

    String[] other = node.createAccount("222222222222");
    Map<String, String> otherRoot = env(other[0], other[1], "");
    String otherHost = "000000000000.dkr.ecr.us-east-1.localhost:" + node.base().getPort();
    Skopeo.Result before =
        aws(
            otherRoot,
            "ecr",
            "batch-get-image",
            "--registry-id",
            "000000000000",
            "--repository-name",
            "team/app",
            "--image-ids",
            "imageTag=v1");
    assertThat(before.exitCode()).as("no repository policy yet").isNotZero();
    String crossAccount =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::222222222222:root\"},\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";
    ok(
        root(),
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "team/app",
        "--policy-text",
        crossAccount);
    JsonNode got =
        ok(
            otherRoot,
            "ecr",
            "batch-get-image",
            "--registry-id",
            "000000000000",
            "--repository-name",
            "team/app",
            "--image-ids",
            "imageTag=v1");
    assertThat(got.path("images")).hasSize(1);
    assertThat(
            aws(
                    otherRoot,
                    "ecr",
                    "put-image-tag-mutability",
                    "--registry-id",
                    "000000000000",
                    "--repository-name",
                    "team/app",
                    "--image-tag-mutability",
                    "IMMUTABLE")
                .stderr())
        .as("only what the repository policy grants")
        .contains("AccessDeniedException");
    assertThat(otherHost).contains("000000000000");
  }
}
