package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
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
 * The lifecycle operations over HTTP: ECR's exceptions and wording, preview paging with sealed
 * tokens, filters, and every answer valid against the model's output shape.
 */
class EcrLifecycleTest {
  private static final String REPO = "team/app";

  /** Keep the newest tagged v* image and one untagged image. */
  static final String POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"one untagged\",\"selection\":"
          + "{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}},{\"rulePriority\":2,\"description\":\"one release\","
          + "\"selection\":{\"tagStatus\":\"tagged\",\"tagPatternList\":[\"v*\"],\"countType\":"
          + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

  @TempDir Path dir;
  private TestNode node;
  private EcrCalls ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = new EcrCalls(node);
    ok("CreateRepository", Map.of("repositoryName", REPO));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private SignedHttp.Reply call(String op, Map<String, ?> input) {
    return ecr.call(op, input);
  }

  private JsonNode ok(String op, Map<String, ?> input) {
    return ecr.ok(op, input);
  }

  private void fails(SignedHttp.Reply r, String type, String message) {
    EcrCalls.fails(r, type, message);
    assertThat(r.body().path("message").asText()).isEqualTo(message);
  }

  /** Pushes a distinct empty OCI index, tagged or not; one second apart. */
  static String put(
      java.util.function.BiFunction<String, Map<String, ?>, JsonNode> ok,
      String marker,
      String tag) {
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[],\"annotations\":{\"m\":\""
            + marker
            + "\"}}";
    Map<String, Object> in = new java.util.HashMap<>();
    in.put("repositoryName", REPO);
    in.put("imageManifest", manifest);
    if (!tag.isEmpty()) {
      in.put("imageTag", tag);
    }
    return ok.apply("PutImage", in).path("image").path("imageId").path("imageDigest").asText();
  }

  private String put(String marker, String tag) {
    String d = put(this::ok, marker, tag);
    node.clock().advance(Duration.ofSeconds(1));
    return d;
  }

  @Test
  void withoutPolicyOrPreview_answersTheirNotFoundExceptions() {
    String missing =
        "Lifecycle policy does not exist for the repository with name 'team/app' in the registry"
            + " with id '000000000000'";
    fails(
        call("GetLifecyclePolicy", Map.of("repositoryName", REPO)),
        "LifecyclePolicyNotFoundException",
        missing);
    fails(
        call("DeleteLifecyclePolicy", Map.of("repositoryName", REPO)),
        "LifecyclePolicyNotFoundException",
        missing);
    fails(
        call("StartLifecyclePolicyPreview", Map.of("repositoryName", REPO)),
        "LifecyclePolicyNotFoundException",
        missing);
    fails(
        call("GetLifecyclePolicyPreview", Map.of("repositoryName", REPO)),
        "LifecyclePolicyPreviewNotFoundException",
        "Lifecycle policy preview does not exist for the repository with name 'team/app' in the"
            + " registry with id '000000000000'");
    SignedHttp.Reply noRepo =
        call("PutLifecyclePolicy", Map.of("repositoryName", "nope", "lifecyclePolicyText", POLICY));
    assertThat(noRepo.body().path("__type").asText()).isEqualTo("RepositoryNotFoundException");
  }

  @Test
  void putLifecyclePolicy_invalidText_isInvalidParameterInEcrWords_andNothingIsStored() {
    String anyFirst = POLICY.replace("\"untagged\"", "\"any\"");
    fails(
        call("PutLifecyclePolicy", Map.of("repositoryName", REPO, "lifecyclePolicyText", anyFirst)),
        "InvalidParameterException",
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy"
            + " validation failure: Rule for tagStatus=ANY must have the lowest priority per"
            + " storage class'");
    fails(
        call(
            "StartLifecyclePolicyPreview",
            Map.of("repositoryName", REPO, "lifecyclePolicyText", POLICY.replace("1}", "0}"))),
        "InvalidParameterException",
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy"
            + " validation failure: numeric instance is lower than the required minimum (minimum:"
            + " 1, found: 0)'");
    SignedHttp.Reply tooShort =
        call("PutLifecyclePolicy", Map.of("repositoryName", REPO, "lifecyclePolicyText", "{}"));
    assertThat(tooShort.body().path("__type").asText()).isEqualTo("InvalidParameterException");
    assertThat(tooShort.body().path("message").asText()).contains("lifecyclePolicyText");
    assertThat(
            call("GetLifecyclePolicy", Map.of("repositoryName", REPO))
                .body()
                .path("__type")
                .asText())
        .isEqualTo("LifecyclePolicyNotFoundException");
  }

  @Test
  void policyAndPreview_roundTrip_withPagingFiltersAndImageIds() {
    String u1 = put("u1", "");
    String u2 = put("u2", "");
    String v1 = put("v1", "v1");
    put("v2", "v2");
    String u3 = put("u3", "");
    JsonNode putAnswer =
        ok("PutLifecyclePolicy", Map.of("repositoryName", REPO, "lifecyclePolicyText", POLICY));
    assertThat(putAnswer.path("lifecyclePolicyText").asText()).isEqualTo(POLICY);
    JsonNode got = ok("GetLifecyclePolicy", Map.of("repositoryName", REPO));
    assertThat(got.has("lastEvaluatedAt")).isFalse();

    JsonNode started = ok("StartLifecyclePolicyPreview", Map.of("repositoryName", REPO));
    assertThat(started.path("status").asText()).isIn("IN_PROGRESS");
    node.berth().services().lifecycle().policies().awaitPreviews();

    JsonNode all = ok("GetLifecyclePolicyPreview", Map.of("repositoryName", REPO));
    assertThat(all.path("status").asText()).isEqualTo("COMPLETE");
    assertThat(all.path("summary").path("expiringImageTotalCount").asInt()).isEqualTo(3);
    assertThat(all.path("summary").has("transitioningImageTotalCounts")).isFalse();
    List<String> digests = new ArrayList<>();
    all.path("previewResults").forEach(r -> digests.add(r.path("imageDigest").asText()));
    assertThat(digests).containsExactlyInAnyOrder(u1, u2, v1);
    JsonNode v1Result = null;
    for (JsonNode r : all.path("previewResults")) {
      if (r.path("imageDigest").asText().equals(v1)) {
        v1Result = r;
      }
    }
    java.util.Objects.requireNonNull(v1Result, "v1 is among the results");
    assertThat(v1Result.path("imageTags").get(0).asText()).isEqualTo("v1");
    assertThat(v1Result.path("appliedRulePriority").asInt()).isEqualTo(2);
    assertThat(v1Result.path("action").path("type").asText()).isEqualTo("EXPIRE");
    assertThat(v1Result.path("storageClass").asText()).isEqualTo("STANDARD");

    // One result per page, following nextToken to the end.
    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> in =
          new java.util.HashMap<>(Map.of("repositoryName", REPO, "maxResults", 1));
      if (token != null) {
        in.put("nextToken", token);
      }
      JsonNode page = ok("GetLifecyclePolicyPreview", in);
      page.path("previewResults").forEach(r -> paged.add(r.path("imageDigest").asText()));
      assertThat(page.path("summary").path("expiringImageTotalCount").asInt()).isEqualTo(3);
      token = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
      if (token != null) {
        // A token is bound to its listing: another filter refuses it.
        SignedHttp.Reply other =
            call(
                "GetLifecyclePolicyPreview",
                Map.of(
                    "repositoryName", REPO,
                    "nextToken", token,
                    "filter", Map.of("tagStatus", "UNTAGGED")));
        assertThat(other.body().path("__type").asText()).isEqualTo("InvalidParameterException");
      }
    } while (token != null);
    assertThat(paged).containsExactlyElementsOf(digests.stream().sorted().toList());

    JsonNode untagged =
        ok(
            "GetLifecyclePolicyPreview",
            Map.of("repositoryName", REPO, "filter", Map.of("tagStatus", "UNTAGGED")));
    assertThat(untagged.path("previewResults")).hasSize(2);
    JsonNode byIds =
        ok(
            "GetLifecyclePolicyPreview",
            Map.of(
                "repositoryName",
                REPO,
                "imageIds",
                List.of(Map.of("imageTag", "v1"), Map.of("imageDigest", u3))));
    assertThat(byIds.path("previewResults")).hasSize(1);
    assertThat(byIds.path("previewResults").get(0).path("imageDigest").asText()).isEqualTo(v1);
    fails(
        call(
            "GetLifecyclePolicyPreview",
            Map.of(
                "repositoryName",
                REPO,
                "imageIds",
                List.of(Map.of("imageTag", "v1")),
                "maxResults",
                5)),
        "InvalidParameterException",
        "imageIds cannot be combined with nextToken or maxResults");

    // The scheduled evaluator's run acts on exactly the previewed images.
    node.berth().services().lifecycle().runner().runAll();
    List<String> left = new ArrayList<>();
    ok("DescribeImages", Map.of("repositoryName", REPO))
        .path("imageDetails")
        .forEach(d -> left.add(d.path("imageDigest").asText()));
    assertThat(left).doesNotContainAnyElementsOf(digests).hasSize(2);
    JsonNode evaluated = ok("GetLifecyclePolicy", Map.of("repositoryName", REPO));
    assertThat(evaluated.path("lastEvaluatedAt").isNumber()).isTrue();

    JsonNode deleted = ok("DeleteLifecyclePolicy", Map.of("repositoryName", REPO));
    assertThat(deleted.path("lifecyclePolicyText").asText()).isEqualTo(POLICY);
    assertThat(deleted.path("lastEvaluatedAt").asDouble())
        .isEqualTo(evaluated.path("lastEvaluatedAt").asDouble());
  }

  @Test
  void previewWithTransitions_reportsTheirSummary() {
    put("old", "v1");
    node.clock().advance(Duration.ofSeconds(5));
    String text =
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
            + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"transition\","
            + "\"targetStorageClass\":\"archive\"}}]}";
    put("new", "v2");
    ok("StartLifecyclePolicyPreview", Map.of("repositoryName", REPO, "lifecyclePolicyText", text));
    node.berth().services().lifecycle().policies().awaitPreviews();
    JsonNode p = ok("GetLifecyclePolicyPreview", Map.of("repositoryName", REPO));
    assertThat(p.path("lifecyclePolicyText").asText()).isEqualTo(text);
    assertThat(p.path("summary").path("expiringImageTotalCount").asInt()).isZero();
    assertThat(
            p.path("summary")
                .path("transitioningImageTotalCounts")
                .get(0)
                .path("imageTotalCount")
                .asInt())
        .isEqualTo(1);
    JsonNode result = p.path("previewResults").get(0);
    assertThat(result.path("action").path("type").asText()).isEqualTo("TRANSITION");
    assertThat(result.path("action").path("targetStorageClass").asText()).isEqualTo("ARCHIVE");
  }

  @Test
  void repositoryPolicyDeny_refusesTheLifecycleOperationsByTheirIamActionNames() {
    String deny =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoLifecycle\",\"Effect\":\"Deny\","
            + "\"Principal\":\"*\",\"Action\":[\"ecr:PutLifecyclePolicy\","
            + "\"ecr:StartLifecyclePolicyPreview\"]}]}";
    ok("SetRepositoryPolicy", Map.of("repositoryName", REPO, "policyText", deny));
    for (String op : List.of("PutLifecyclePolicy", "StartLifecyclePolicyPreview")) {
      SignedHttp.Reply r = call(op, Map.of("repositoryName", REPO, "lifecyclePolicyText", POLICY));
      assertThat(r.body().path("__type").asText()).as(op).isEqualTo("AccessDeniedException");
      assertThat(r.body().path("message").asText()).as(op).contains("ecr:" + op);
    }
    assertThat(
            call("GetLifecyclePolicy", Map.of("repositoryName", REPO))
                .body()
                .path("__type")
                .asText())
        .isEqualTo("LifecyclePolicyNotFoundException");
  }

  @Test
  void pullTimeExclusions_registerListDeregister_withEcrExceptions() {
    String role = "arn:aws:iam::000000000000:role/scanner";
    JsonNode reg = ok("RegisterPullTimeUpdateExclusion", Map.of("principalArn", role));
    assertThat(reg.path("principalArn").asText()).isEqualTo(role);
    assertThat(reg.path("createdAt").isNumber()).isTrue();
    fails(
        call("RegisterPullTimeUpdateExclusion", Map.of("principalArn", role)),
        "ExclusionAlreadyExistsException",
        "The pull time update exclusion for '"
            + role
            + "' already exists in the registry with id '000000000000'");
    SignedHttp.Reply bad =
        call(
            "RegisterPullTimeUpdateExclusion",
            Map.of("principalArn", "arn:aws:iam::000000000000:root"));
    assertThat(bad.body().path("__type").asText()).isEqualTo("InvalidParameterException");
    assertThat(bad.body().path("message").asText()).contains("principalArn");
    for (int i = 0; i < 3; i++) {
      ok(
          "RegisterPullTimeUpdateExclusion",
          Map.of("principalArn", "arn:aws:iam::000000000000:user/u" + i));
    }
    List<String> listed = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> in = new java.util.HashMap<>(Map.of("maxResults", 3));
      if (token != null) {
        in.put("nextToken", token);
      }
      JsonNode page = ok("ListPullTimeUpdateExclusions", in);
      page.path("pullTimeUpdateExclusions").forEach(a -> listed.add(a.asText()));
      token = page.path("nextToken").isTextual() ? page.path("nextToken").asText() : null;
    } while (token != null);
    assertThat(listed)
        .containsExactly(
            role,
            "arn:aws:iam::000000000000:user/u0",
            "arn:aws:iam::000000000000:user/u1",
            "arn:aws:iam::000000000000:user/u2");
    assertThat(
            ok("DeregisterPullTimeUpdateExclusion", Map.of("principalArn", role))
                .path("principalArn")
                .asText())
        .isEqualTo(role);
    fails(
        call("DeregisterPullTimeUpdateExclusion", Map.of("principalArn", role)),
        "ExclusionNotFoundException",
        "The pull time update exclusion for '"
            + role
            + "' was not found in the registry with id '000000000000'");
  }
}
