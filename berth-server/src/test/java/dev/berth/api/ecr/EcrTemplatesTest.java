package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository creation template operations over HTTP: every answer valid against the model,
 * ECR's exceptions, paging, the quota, and CREATE_ON_PUSH through PutImage and InitiateLayerUpload.
 */
class EcrTemplatesTest {
  private static final String INDEX =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
          + "\"manifests\":[]}";

  @TempDir Path dir;
  private TestNode node;
  private EcrCalls ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = new EcrCalls(node);
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

  private static void fails(SignedHttp.Reply r, String type, String message) {
    EcrCalls.fails(r, type, message);
  }

  private JsonNode create(String prefix, String... appliedFor) {
    return ok(
            "CreateRepositoryCreationTemplate",
            Map.of("prefix", prefix, "appliedFor", List.of(appliedFor)))
        .path("repositoryCreationTemplate");
  }

  @Test
  void creatingATemplate_needsThePermissionsOfWhatItWillDo() {
    dev.berth.api.iam.SignedQuery iam =
        new dev.berth.api.iam.SignedQuery(
            node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    iam.iam("CreateUser", Map.of("UserName", "dev"));
    iam.iam(
        "PutUserPolicy",
        Map.of(
            "UserName",
            "dev",
            "PolicyName",
            "templates",
            "PolicyDocument",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "[\"ecr:CreateRepositoryCreationTemplate\",\"ecr:UpdateRepositoryCreationTemplate\"],"
                + "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"ecr:CreateRepository\","
                + "\"Resource\":\"arn:aws:ecr:us-east-1:000000000000:repository/team/*\"}]}"));
    dev.berth.api.iam.SignedQuery.Reply key = iam.iam("CreateAccessKey", Map.of("UserName", "dev"));
    EcrCalls dev = new EcrCalls(node, key.element("AccessKeyId"), key.element("SecretAccessKey"));
    String policy =
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":5},\"action\":{\"type\":\"expire\"}}]}";
    EcrCalls.fails(
        dev.call(
            "CreateRepositoryCreationTemplate",
            Map.of("prefix", "other", "appliedFor", List.of("CREATE_ON_PUSH"))),
        "AccessDeniedException",
        "ecr:CreateRepository");
    EcrCalls.fails(
        dev.call(
            "CreateRepositoryCreationTemplate",
            Map.of(
                "prefix",
                "team",
                "appliedFor",
                List.of("CREATE_ON_PUSH"),
                "lifecyclePolicy",
                policy)),
        "AccessDeniedException",
        "ecr:PutLifecyclePolicy");
    EcrCalls.fails(
        dev.call(
            "CreateRepositoryCreationTemplate",
            Map.of(
                "prefix",
                "team",
                "appliedFor",
                List.of("CREATE_ON_PUSH"),
                "customRoleArn",
                "arn:aws:iam::000000000000:role/templates")),
        "AccessDeniedException",
        "iam:PassRole");
    assertThat(
            ok("DescribeRepositoryCreationTemplates", Map.of()).path("repositoryCreationTemplates"))
        .as("nothing was stored")
        .isEmpty();
    dev.ok(
        "CreateRepositoryCreationTemplate",
        Map.of("prefix", "team", "appliedFor", List.of("CREATE_ON_PUSH")));
    EcrCalls.fails(
        dev.call(
            "UpdateRepositoryCreationTemplate",
            Map.of(
                "prefix",
                "team",
                "repositoryPolicy",
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}")),
        "AccessDeniedException",
        "ecr:SetRepositoryPolicy");
  }

  @Test
  void create_answersEveryFieldAsEcrDoes() {
    JsonNode t =
        ok(
                "CreateRepositoryCreationTemplate",
                Map.of(
                    "prefix",
                    "prod/team/",
                    "description",
                    "team images",
                    "appliedFor",
                    List.of("CREATE_ON_PUSH", "REPLICATION"),
                    "imageTagMutability",
                    "MUTABLE_WITH_EXCLUSION",
                    "imageTagMutabilityExclusionFilters",
                    List.of(Map.of("filterType", "WILDCARD", "filter", "v*")),
                    "encryptionConfiguration",
                    Map.of("encryptionType", "KMS"),
                    "resourceTags",
                    List.of(Map.of("Key", "team", "Value", "a")),
                    "customRoleArn",
                    "arn:aws:iam::000000000000:role/templates"))
            .path("repositoryCreationTemplate");
    assertThat(t.path("prefix").asText()).isEqualTo("prod/team/");
    assertThat(t.path("description").asText()).isEqualTo("team images");
    assertThat(t.path("appliedFor").toString()).isEqualTo("[\"CREATE_ON_PUSH\",\"REPLICATION\"]");
    assertThat(t.path("encryptionConfiguration").toString())
        .isEqualTo("{\"encryptionType\":\"KMS\"}");
    assertThat(t.path("resourceTags").toString()).isEqualTo("[{\"Key\":\"team\",\"Value\":\"a\"}]");
    assertThat(t.path("customRoleArn").asText())
        .isEqualTo("arn:aws:iam::000000000000:role/templates");
    assertThat(t.path("createdAt").asDouble()).isEqualTo(t.path("updatedAt").asDouble());

    fails(
        call(
            "CreateRepositoryCreationTemplate",
            Map.of(
                "prefix",
                "x",
                "appliedFor",
                List.of("REPLICATION"),
                "customRoleArn",
                "arn:aws:iam::111111111111:role/elsewhere")),
        "InvalidParameterException",
        "customRoleArn");
    fails(
        call("CreateRepositoryCreationTemplate", Map.of("prefix", "x", "appliedFor", List.of())),
        "InvalidParameterException",
        "appliedFor");
    fails(
        call(
            "CreateRepositoryCreationTemplate",
            Map.of(
                "prefix",
                "x",
                "appliedFor",
                List.of("REPLICATION"),
                "imageTagMutability",
                "IMMUTABLE_WITH_EXCLUSION")),
        "InvalidParameterException",
        "imageTagMutabilityExclusionFilters");
  }

  @Test
  void describe_pagesWithSealedTokens_andFiltersByPrefix() {
    for (String p : List.of("c", "a", "ROOT", "b")) {
      create(p, "REPLICATION");
    }
    List<String> seen = new ArrayList<>();
    Map<String, Object> in = new java.util.HashMap<>(Map.of("maxResults", 3));
    while (true) {
      JsonNode page = ok("DescribeRepositoryCreationTemplates", in);
      page.path("repositoryCreationTemplates").forEach(t -> seen.add(t.path("prefix").asText()));
      if (!page.hasNonNull("nextToken")) {
        break;
      }
      in.put("nextToken", page.path("nextToken").asText());
    }
    assertThat(seen).containsExactly("ROOT", "a", "b", "c");
    assertThat(
            ok("DescribeRepositoryCreationTemplates", Map.of("prefixes", List.of("b", "zz")))
                .path("repositoryCreationTemplates")
                .findValuesAsText("prefix"))
        .containsExactly("b");
    fails(
        call("DescribeRepositoryCreationTemplates", Map.of("nextToken", "forged")),
        "InvalidParameterException",
        "nextToken");
  }

  @Test
  void create_beyondTheQuotaOf50_isLimitExceeded() {
    for (int i = 0; i < 50; i++) {
      create("t" + i, "REPLICATION");
    }
    fails(
        call(
            "CreateRepositoryCreationTemplate",
            Map.of("prefix", "one-more", "appliedFor", List.of("REPLICATION"))),
        "LimitExceededException",
        "50");
  }

  @Test
  void update_changesOnlyTheGivenFields() {
    create("prod", "REPLICATION");
    JsonNode t =
        ok(
                "UpdateRepositoryCreationTemplate",
                Map.of(
                    "prefix",
                    "prod",
                    "appliedFor",
                    List.of("PULL_THROUGH_CACHE"),
                    "imageTagMutability",
                    "IMMUTABLE"))
            .path("repositoryCreationTemplate");
    assertThat(t.path("appliedFor").toString()).isEqualTo("[\"PULL_THROUGH_CACHE\"]");
    assertThat(t.path("imageTagMutability").asText()).isEqualTo("IMMUTABLE");
    fails(
        call("DeleteRepositoryCreationTemplate", Map.of("prefix", "nope")),
        "TemplateNotFoundException",
        "The repository creation template with prefix 'nope' does not exist");
  }

  @Test
  void putImageAndInitiateLayerUpload_createAMissingRepositoryUnderACreateOnPushTemplate() {
    ok(
        "CreateRepositoryCreationTemplate",
        Map.of(
            "prefix",
            "auto",
            "appliedFor",
            List.of("CREATE_ON_PUSH"),
            "imageTagMutability",
            "IMMUTABLE",
            "resourceTags",
            List.of(Map.of("Key", "made", "Value", "on-push"))));
    ok("PutImage", Map.of("repositoryName", "auto/app", "imageManifest", INDEX, "imageTag", "v1"));
    JsonNode repo =
        ok("DescribeRepositories", Map.of("repositoryNames", List.of("auto/app")))
            .path("repositories")
            .get(0);
    assertThat(repo.path("imageTagMutability").asText()).isEqualTo("IMMUTABLE");
    assertThat(
            ok("ListTagsForResource", Map.of("resourceArn", repo.path("repositoryArn").asText()))
                .path("tags")
                .toString())
        .isEqualTo("[{\"Key\":\"made\",\"Value\":\"on-push\"}]");

    ok("InitiateLayerUpload", Map.of("repositoryName", "auto/layers"));
    ok("DescribeRepositories", Map.of("repositoryNames", List.of("auto/layers")));

    fails(
        call("PutImage", Map.of("repositoryName", "manual/app", "imageManifest", INDEX)),
        "RepositoryNotFoundException",
        "The repository with name 'manual/app' does not exist");
  }
}
