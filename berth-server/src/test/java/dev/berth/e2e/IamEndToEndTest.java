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
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM end to end with the real aws CLI and skopeo: users in groups with the ECR managed policies, a
 * repository policy deny, an assumed role, and a second account pulling through a repository
 * policy. Each scenario is its own test with its own data, and each step checks what the server
 * said, not only that a command failed (issue 9, item 21).
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

  /** {@code skopeo inspect} of {@code repo:v1} on the node's host, as the given identity. */
  private Skopeo.Result pull(Map<String, String> env, String repo) {
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
            "docker://" + node.hostPort() + "/" + repo + ":v1"));
  }

  /**
   * {@code skopeo inspect} with the identity's registry password passed directly: {@code skopeo
   * login} checks {@code /v2/}, which answers only the caller's own registry, so a second account
   * cannot log in to the owner's host but can pull from it.
   */
  private Skopeo.Result pullWithPassword(Map<String, String> env, String repo) {
    return Skopeo.exec(
        TIMEOUT,
        env,
        List.of(
            "skopeo",
            "inspect",
            "--tls-verify=false",
            "--creds",
            "AWS:" + cli.loginPassword(env),
            "docker://" + node.hostPort() + "/" + repo + ":v1"));
  }

  /** {@code skopeo copy} to the node with the identity's registry password passed directly. */
  private Skopeo.Result pushWithPassword(Map<String, String> env, String repo) {
    return Skopeo.exec(
        TIMEOUT,
        env,
        List.of(
            "skopeo",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "--dest-creds",
            "AWS:" + cli.loginPassword(env),
            "oci:" + layout + ":v1",
            "docker://" + node.hostPort() + "/" + repo + ":v1"));
  }

  /** The registry refused: a non-zero exit with the registry's denial in skopeo's message. */
  private static void assertDenied(Skopeo.Result r, String what) {
    assertThat(r.exitCode()).as(what).isNotZero();
    assertThat(lower(r.stderr())).as(what).containsAnyOf("denied", "403 (forbidden)");
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

  /** Two repositories, a read-only group and a power-user group with one user each. */
  private void repositoriesAndGroups() {
    ok(root(), "ecr", "create-repository", "--repository-name", "team/app");
    ok(root(), "ecr", "create-repository", "--repository-name", "team/locked");
    group("readers", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
    group("pushers", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser");
  }

  private void group(String name, String policyArn) {
    ok(root(), "iam", "create-group", "--group-name", name);
    ok(root(), "iam", "attach-group-policy", "--group-name", name, "--policy-arn", policyArn);
  }

  /** The digest skopeo reports for the image it inspected. */
  private static String digestOf(Skopeo.Result inspect) throws Exception {
    return JSON.readTree(inspect.orThrow().stdout()).path("Digest").asText();
  }

  /** The digest the registry stores for {@code repo:v1}, from the ECR API as the root. */
  private String storedDigest(String repo) {
    return ok(
            root(),
            "ecr",
            "describe-images",
            "--repository-name",
            repo,
            "--image-ids",
            "imageTag=v1")
        .path("imageDetails")
        .path(0)
        .path("imageDigest")
        .asText();
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  @Test
  void readOnlyUserPullsButCannotPushOrCreate() throws Exception {
    repositoriesAndGroups();
    Map<String, String> reader = userWithKey("reader", "readers");
    Map<String, String> pusher = userWithKey("pusher", "pushers");
    assertThat(ok(reader, "sts", "get-caller-identity").path("Arn").asText())
        .isEqualTo("arn:aws:iam::000000000000:user/reader");

    push(pusher, "team/app").orThrow();
    String stored = storedDigest("team/app");
    assertThat(stored).as("the power user's push is stored").startsWith("sha256:");
    assertThat(digestOf(pull(reader, "team/app"))).as("read-only user pulls").isEqualTo(stored);

    assertDenied(push(reader, "team/locked"), "read-only user cannot push");
    assertThat(
            ok(root(), "ecr", "list-images", "--repository-name", "team/locked").path("imageIds"))
        .as("nothing was pushed")
        .isEmpty();
    Skopeo.Result readerCreate =
        aws(reader, "ecr", "create-repository", "--repository-name", "nope");
    assertThat(readerCreate.stderr())
        .contains("AccessDeniedException")
        .contains("arn:aws:iam::000000000000:user/reader")
        .contains("ecr:CreateRepository");
  }

  @Test
  void repositoryPolicyDenyBlocksThePowerUserOnlyInThatRepository() throws Exception {
    repositoriesAndGroups();
    Map<String, String> pusher = userWithKey("pusher", "pushers");
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
    assertDenied(push(pusher, "team/locked"), "repository policy deny blocks the power user");
    assertThat(
            ok(root(), "ecr", "list-images", "--repository-name", "team/locked").path("imageIds"))
        .as("nothing was pushed")
        .isEmpty();
    assertThat(aws(pusher, "ecr", "list-images", "--repository-name", "team/locked").stderr())
        .contains("AccessDeniedException")
        .contains("explicit deny");
    push(pusher, "team/app").orThrow();
    assertThat(storedDigest("team/app")).as("other repositories still work").startsWith("sha256:");
  }

  @Test
  void onlyTheTrustedUserAssumesTheRoleAndItsSessionPushes() throws Exception {
    repositoriesAndGroups();
    Map<String, String> reader = userWithKey("reader", "readers");
    Map<String, String> pusher = userWithKey("pusher", "pushers");
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
    assertDenied(push(reader, "team/app"), "the reader alone cannot push");
    push(session, "team/app").orThrow();
    assertThat(storedDigest("team/app")).as("the assumed role pushed").startsWith("sha256:");
    Map<String, String> forged = new HashMap<>(session);
    forged.put("AWS_SESSION_TOKEN", creds.path("SessionToken").asText() + "x");
    assertThat(aws(forged, "ecr", "describe-repositories").stderr())
        .contains("UnrecognizedClientException");
  }

  @Test
  void secondAccountPullsOverV2OnlyThroughTheRepositoryPolicy() throws Exception {
    repositoriesAndGroups();
    push(root(), "team/app").orThrow();
    String stored = storedDigest("team/app");
    String[] other = node.createAccount("222222222222");
    Map<String, String> otherRoot = env(other[0], other[1], "");
    assertThat(ok(otherRoot, "sts", "get-caller-identity").path("Account").asText())
        .isEqualTo("222222222222");

    // The node's host is the registry of its default account, 000000000000, the owner.
    assertDenied(pullWithPassword(otherRoot, "team/app"), "no repository policy yet");
    Skopeo.Result apiBefore =
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
    assertThat(apiBefore.stderr()).contains("AccessDeniedException").contains("ecr:BatchGetImage");

    String crossAccount =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::222222222222:root\"},\"Action\":[\"ecr:BatchGetImage\","
            + "\"ecr:GetDownloadUrlForLayer\",\"ecr:BatchCheckLayerAvailability\"]}]}";
    ok(
        root(),
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "team/app",
        "--policy-text",
        crossAccount);
    assertThat(digestOf(pullWithPassword(otherRoot, "team/app")))
        .as("the second account pulls over /v2")
        .isEqualTo(stored);
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
    assertThat(got.path("images").path(0).path("imageId").path("imageDigest").asText())
        .isEqualTo(stored);
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
    assertDenied(pushWithPassword(otherRoot, "team/app"), "pull access is not push access");
  }
}
