package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle policies and pull-time update exclusions with the real {@code aws} CLI: put, get,
 * preview (the CLI pages through the results), the scheduled evaluator's run, delete; and pulls by
 * an excluded role's session and an excluded user leaving {@code lastRecordedPullTime} alone.
 */
class LifecycleEndToEndTest {
  private static final String REPO = "team/app";
  private static final String POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"one untagged\",\"selection\":"
          + "{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}},{\"rulePriority\":2,\"description\":\"one release\","
          + "\"selection\":{\"tagStatus\":\"tagged\",\"tagPatternList\":[\"v*\"],\"countType\":"
          + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli aws;

  @BeforeEach
  void start() throws Exception {
    AwsCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"));
    aws = new AwsCli(node, tmp);
    aws.ok(aws.root(), "ecr", "create-repository", "--repository-name", REPO);
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  /**
   * {@code aws ecr put-image} of a distinct empty OCI index, tagged unless {@code tag} is empty.
   */
  private String put(String marker, String tag) {
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[],\"annotations\":{\"m\":\""
            + marker
            + "\"}}";
    List<String> args =
        new ArrayList<>(
            List.of("ecr", "put-image", "--repository-name", REPO, "--image-manifest", manifest));
    if (!tag.isEmpty()) {
      args.addAll(List.of("--image-tag", tag));
    }
    String digest =
        aws.ok(aws.root(), args.toArray(String[]::new))
            .path("image")
            .path("imageId")
            .path("imageDigest")
            .asText();
    node.clock().advance(Duration.ofSeconds(1));
    return digest;
  }

  private List<String> digests(JsonNode list, String field) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  @Test
  void lifecyclePolicy_putPreviewRunDelete_withTheAwsCli() {
    String u1 = put("u1", "");
    String u2 = put("u2", "");
    String v1 = put("v1", "v1");
    String v2 = put("v2", "v2");
    String u3 = put("u3", "");
    Map<String, String> root = aws.root();
    JsonNode stored =
        aws.ok(
            root,
            "ecr",
            "put-lifecycle-policy",
            "--repository-name",
            REPO,
            "--lifecycle-policy-text",
            POLICY);
    assertThat(stored.path("lifecyclePolicyText").asText()).isEqualTo(POLICY);
    assertThat(
            aws.ok(root, "ecr", "get-lifecycle-policy", "--repository-name", REPO)
                .has("lastEvaluatedAt"))
        .isFalse();
    JsonNode started =
        aws.ok(root, "ecr", "start-lifecycle-policy-preview", "--repository-name", REPO);
    assertThat(started.path("status").asText()).isEqualTo("IN_PROGRESS");
    node.berth().services().lifecycle().policies().awaitPreviews();

    // --page-size 1: the CLI follows nextToken one result at a time.
    JsonNode preview =
        aws.ok(
            root,
            "ecr",
            "get-lifecycle-policy-preview",
            "--repository-name",
            REPO,
            "--page-size",
            "1");
    assertThat(preview.path("status").asText()).isEqualTo("COMPLETE");
    assertThat(digests(preview.path("previewResults"), "imageDigest"))
        .containsExactlyInAnyOrder(u1, u2, v1);
    assertThat(preview.path("summary").path("expiringImageTotalCount").asInt()).isEqualTo(3);
    for (JsonNode r : preview.path("previewResults")) {
      assertThat(r.path("appliedRulePriority").asInt())
          .isEqualTo(r.path("imageDigest").asText().equals(v1) ? 2 : 1);
      assertThat(r.path("action").path("type").asText()).isEqualTo("EXPIRE");
    }
    JsonNode untagged =
        aws.ok(
            root,
            "ecr",
            "get-lifecycle-policy-preview",
            "--repository-name",
            REPO,
            "--filter",
            "tagStatus=UNTAGGED");
    assertThat(digests(untagged.path("previewResults"), "imageDigest"))
        .containsExactlyInAnyOrder(u1, u2);

    // What the lifecycle-interval schedule runs; it acts on exactly the previewed images.
    node.berth().services().lifecycle().runner().runAll();
    JsonNode images = aws.ok(root, "ecr", "list-images", "--repository-name", REPO);
    assertThat(digests(images.path("imageIds"), "imageDigest")).containsExactlyInAnyOrder(v2, u3);
    assertThat(
            aws.ok(root, "ecr", "get-lifecycle-policy", "--repository-name", REPO)
                .path("lastEvaluatedAt")
                .isMissingNode())
        .isFalse();

    aws.ok(root, "ecr", "delete-lifecycle-policy", "--repository-name", REPO);
    Skopeo.Result gone = aws.run(root, "ecr", "get-lifecycle-policy", "--repository-name", REPO);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.stderr())
        .contains("LifecyclePolicyNotFoundException")
        .contains("Lifecycle policy does not exist for the repository with name 'team/app'");
    Skopeo.Result invalid =
        aws.run(
            root,
            "ecr",
            "put-lifecycle-policy",
            "--repository-name",
            REPO,
            "--lifecycle-policy-text",
            POLICY.replace("\"untagged\"", "\"any\""));
    assertThat(invalid.stderr())
        .contains("InvalidParameterException")
        .contains("Rule for tagStatus=ANY must have the lowest priority per storage class");
  }

  @Test
  void pullTimeExclusions_roleSessionAndUserPullsLeaveThePullTime_withTheAwsCli() {
    put("app", "v1");
    Map<String, String> root = aws.root();
    String readOnly = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
    aws.ok(root, "iam", "create-user", "--user-name", "scanner");
    aws.ok(root, "iam", "attach-user-policy", "--user-name", "scanner", "--policy-arn", readOnly);
    JsonNode key =
        aws.ok(root, "iam", "create-access-key", "--user-name", "scanner").path("AccessKey");
    Map<String, String> user =
        aws.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::000000000000:user/scanner\"},\"Action\":\"sts:AssumeRole\"}]}";
    aws.ok(
        root,
        "iam",
        "create-role",
        "--role-name",
        "scan-role",
        "--path",
        "/tools/",
        "--assume-role-policy-document",
        trust);
    aws.ok(root, "iam", "attach-role-policy", "--role-name", "scan-role", "--policy-arn", readOnly);
    String roleArn = "arn:aws:iam::000000000000:role/tools/scan-role";

    // The read-only user may list but not register exclusions.
    Skopeo.Result denied =
        aws.run(user, "ecr", "register-pull-time-update-exclusion", "--principal-arn", roleArn);
    assertThat(denied.stderr())
        .contains("AccessDeniedException")
        .contains("ecr:RegisterPullTimeUpdateExclusion");
    JsonNode registered =
        aws.ok(root, "ecr", "register-pull-time-update-exclusion", "--principal-arn", roleArn);
    assertThat(registered.path("principalArn").asText()).isEqualTo(roleArn);
    assertThat(
            aws.run(root, "ecr", "register-pull-time-update-exclusion", "--principal-arn", roleArn)
                .stderr())
        .contains("ExclusionAlreadyExistsException");
    assertThat(
            aws.ok(root, "ecr", "list-pull-time-update-exclusions")
                .path("pullTimeUpdateExclusions"))
        .extracting(JsonNode::asText)
        .containsExactly(roleArn);

    JsonNode creds =
        aws.ok(
                user,
                "sts",
                "assume-role",
                "--role-arn",
                roleArn,
                "--role-session-name",
                "nightly-scan")
            .path("Credentials");
    Map<String, String> session =
        aws.env(
            creds.path("AccessKeyId").asText(),
            creds.path("SecretAccessKey").asText(),
            creds.path("SessionToken").asText());
    pull(session);
    assertThat(lastPull().isMissingNode()).as("the excluded role's session pulled").isTrue();

    pull(user);
    JsonNode byUser = lastPull();
    assertThat(byUser.isNumber()).as("the user is not excluded").isTrue();

    aws.ok(
        root,
        "ecr",
        "register-pull-time-update-exclusion",
        "--principal-arn",
        "arn:aws:iam::000000000000:user/scanner");
    node.clock().advance(Duration.ofMinutes(2));
    pull(user);
    pull(session);
    pullOverV2(user);
    assertThat(lastPull().asDouble()).as("excluded now").isEqualTo(byUser.asDouble());

    aws.ok(root, "ecr", "deregister-pull-time-update-exclusion", "--principal-arn", roleArn);
    assertThat(
            aws.run(
                    root,
                    "ecr",
                    "deregister-pull-time-update-exclusion",
                    "--principal-arn",
                    roleArn)
                .stderr())
        .contains("ExclusionNotFoundException");
    pull(session);
    double bySession = lastPull().asDouble();
    assertThat(bySession).as("the role is no longer excluded").isGreaterThan(byUser.asDouble());

    aws.ok(
        root,
        "ecr",
        "deregister-pull-time-update-exclusion",
        "--principal-arn",
        "arn:aws:iam::000000000000:user/scanner");
    node.clock().advance(Duration.ofMinutes(2));
    pullOverV2(user);
    assertThat(lastPull().asDouble()).as("a /v2 pull is recorded again").isGreaterThan(bySession);
  }

  /** {@code GET /v2/<repo>/manifests/v1} with the identity's {@code get-login-password}. */
  private void pullOverV2(Map<String, String> who) {
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    ("AWS:" + aws.loginPassword(who))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          node.base().resolve("/v2/" + REPO + "/manifests/v1"))
                      .header("Authorization", basic)
                      .header("Accept", "application/vnd.oci.image.index.v1+json")
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    node.berth().services().manifests().awaitPullRecords();
  }

  private void pull(Map<String, String> who) {
    JsonNode got =
        aws.ok(
            who, "ecr", "batch-get-image", "--repository-name", REPO, "--image-ids", "imageTag=v1");
    assertThat(got.path("images")).hasSize(1);
    node.berth().services().manifests().awaitPullRecords();
  }

  private JsonNode lastPull() {
    return aws.ok(aws.root(), "ecr", "describe-images", "--repository-name", REPO)
        .path("imageDetails")
        .get(0)
        .path("lastRecordedPullTime");
  }
}
