package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository creation templates with the real {@code aws} CLI, and CREATE_ON_PUSH with the real
 * {@code skopeo}: a push to a missing repository under such a template creates it with the
 * template's settings.
 */
class TemplatesEndToEndTest {
  private static final String REPOSITORY_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:root\"},"
          + "\"Action\":\"ecr:BatchGetImage\"}]}";
  private static final String LIFECYCLE =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":"
          + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
  private static final String PUSH =
      "\"ecr:InitiateLayerUpload\",\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\","
          + "\"ecr:BatchCheckLayerAvailability\",\"ecr:PutImage\",\"ecr:GetAuthorizationToken\"";

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;

  @BeforeAll
  static void requireClients() {
    AwsCli.requireInstalled();
    SkopeoCli.requireInstalled();
  }

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode ok(String... args) {
    return cli.ok(cli.root(), args);
  }

  private void fails(String exception, String message, String... args) {
    Skopeo.Result r = cli.run(cli.root(), args);
    assertThat(r.exitCode()).as(r.stdout()).isNotZero();
    assertThat(r.stderr()).contains(exception).contains(message);
  }

  private void createPushTemplate() {
    ok(
        "ecr",
        "create-repository-creation-template",
        "--prefix",
        "pushed",
        "--description",
        "created on push",
        "--applied-for",
        "CREATE_ON_PUSH",
        "--image-tag-mutability",
        "IMMUTABLE",
        "--resource-tags",
        "Key=team,Value=platform",
        "--repository-policy",
        REPOSITORY_POLICY,
        "--lifecycle-policy",
        LIFECYCLE);
  }

  @Test
  void templates_areCreatedDescribedUpdatedAndDeleted_withEcrErrors() {
    JsonNode created =
        ok(
            "ecr",
            "create-repository-creation-template",
            "--prefix",
            "prod",
            "--applied-for",
            "REPLICATION",
            "PULL_THROUGH_CACHE",
            "--image-tag-mutability",
            "IMMUTABLE_WITH_EXCLUSION",
            "--image-tag-mutability-exclusion-filters",
            "filterType=WILDCARD,filter=latest");
    assertThat(created.path("registryId").asText()).isEqualTo("000000000000");
    JsonNode t = created.path("repositoryCreationTemplate");
    assertThat(t.path("prefix").asText()).isEqualTo("prod");
    assertThat(t.path("appliedFor").toString())
        .isEqualTo("[\"REPLICATION\",\"PULL_THROUGH_CACHE\"]");
    assertThat(t.path("encryptionConfiguration").path("encryptionType").asText())
        .isEqualTo("AES256");
    assertThat(t.path("imageTagMutabilityExclusionFilters").get(0).path("filter").asText())
        .isEqualTo("latest");
    ok(
        "ecr",
        "create-repository-creation-template",
        "--prefix",
        "ROOT",
        "--applied-for",
        "CREATE_ON_PUSH");

    fails(
        "TemplateAlreadyExistsException",
        "The repository creation template with prefix 'prod' already exists in the registry with"
            + " id '000000000000'",
        "ecr",
        "create-repository-creation-template",
        "--prefix",
        "prod",
        "--applied-for",
        "REPLICATION");
    fails(
        "InvalidParameterException",
        "Lifecycle policy validation failure",
        "ecr",
        "create-repository-creation-template",
        "--prefix",
        "dev",
        "--applied-for",
        "REPLICATION",
        "--lifecycle-policy",
        "{\"rules\":[]}");
    fails(
        "InvalidParameterException",
        "Invalid repository policy provided",
        "ecr",
        "create-repository-creation-template",
        "--prefix",
        "dev",
        "--applied-for",
        "REPLICATION",
        "--repository-policy",
        "{\"Statement\":\"nope\"}");
    fails(
        "InvalidParameterException",
        "prefix",
        "ecr",
        "create-repository-creation-template",
        "--prefix",
        "Bad/Prefix",
        "--applied-for",
        "REPLICATION");

    JsonNode all = ok("ecr", "describe-repository-creation-templates");
    assertThat(all.path("repositoryCreationTemplates").findValuesAsText("prefix"))
        .containsExactly("ROOT", "prod");
    JsonNode some = ok("ecr", "describe-repository-creation-templates", "--prefixes", "prod");
    assertThat(some.path("repositoryCreationTemplates").findValuesAsText("prefix"))
        .containsExactly("prod");

    JsonNode updated =
        ok(
                "ecr",
                "update-repository-creation-template",
                "--prefix",
                "prod",
                "--description",
                "production")
            .path("repositoryCreationTemplate");
    assertThat(updated.path("description").asText()).isEqualTo("production");
    assertThat(updated.path("imageTagMutability").asText()).isEqualTo("IMMUTABLE_WITH_EXCLUSION");
    fails(
        "TemplateNotFoundException",
        "The repository creation template with prefix 'nothing' does not exist in the registry"
            + " with id '000000000000'",
        "ecr",
        "update-repository-creation-template",
        "--prefix",
        "nothing",
        "--description",
        "x");

    assertThat(
            ok("ecr", "delete-repository-creation-template", "--prefix", "prod")
                .path("repositoryCreationTemplate")
                .path("description")
                .asText())
        .isEqualTo("production");
    fails(
        "TemplateNotFoundException",
        "'prod'",
        "ecr",
        "delete-repository-creation-template",
        "--prefix",
        "prod");
    assertThat(
            ok("ecr", "describe-repository-creation-templates")
                .path("repositoryCreationTemplates")
                .findValuesAsText("prefix"))
        .containsExactly("ROOT");
  }

  @Test
  void createOnPush_createsTheMissingRepositoryWithTheTemplatesSettings() throws Exception {
    createPushTemplate();
    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
    Path src = tmp.resolve("src");
    OciLayoutFixture.writeImage(src, "v1", 2, 64 * 1024, 5L);

    skopeo.copy("oci:" + src + ":v1", "docker://" + node.hostPort() + "/pushed/app:v1").orThrow();

    JsonNode repo =
        ok("ecr", "describe-repositories", "--repository-names", "pushed/app")
            .path("repositories")
            .get(0);
    assertThat(repo.path("imageTagMutability").asText()).isEqualTo("IMMUTABLE");
    String arn = repo.path("repositoryArn").asText();
    assertThat(ok("ecr", "list-tags-for-resource", "--resource-arn", arn).path("tags").toString())
        .isEqualTo("[{\"Key\":\"team\",\"Value\":\"platform\"}]");
    assertThat(
            ok("ecr", "get-repository-policy", "--repository-name", "pushed/app")
                .path("policyText")
                .asText())
        .isEqualTo(REPOSITORY_POLICY);
    assertThat(
            ok("ecr", "get-lifecycle-policy", "--repository-name", "pushed/app")
                .path("lifecyclePolicyText")
                .asText())
        .isEqualTo(LIFECYCLE);
    assertThat(
            ok("ecr", "describe-images", "--repository-name", "pushed/app")
                .path("imageDetails")
                .get(0)
                .path("imageTags")
                .get(0)
                .asText())
        .isEqualTo("v1");

    Skopeo.Result elsewhere =
        skopeo.copy("oci:" + src + ":v1", "docker://" + node.hostPort() + "/other/app:v1");
    assertThat(elsewhere.exitCode()).as(elsewhere.stderr()).isNotZero();
    assertThat(elsewhere.stderr())
        .containsIgnoringCase("name unknown")
        .contains(
            "The repository with name 'other/app' does not exist in the registry with id"
                + " '000000000000'");
  }

  /** Gives the user {@code pusher} an identity policy allowing {@code actions} on everything. */
  private void allowPusher(String actions) {
    ok(
        "iam",
        "put-user-policy",
        "--user-name",
        "pusher",
        "--policy-name",
        "push",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
            + actions
            + "],\"Resource\":\"*\"}]}");
  }

  @Test
  void createOnPush_needsCreateRepository() throws Exception {
    createPushTemplate();
    ok("iam", "create-user", "--user-name", "pusher");
    allowPusher(PUSH);
    JsonNode key = ok("iam", "create-access-key", "--user-name", "pusher").path("AccessKey");
    Map<String, String> pusher =
        cli.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");
    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), cli.loginPassword(pusher));
    Path src = tmp.resolve("src");
    OciLayoutFixture.writeImage(src, "v1", 1, 16 * 1024, 6L);
    String target = "docker://" + node.hostPort() + "/pushed/app:v1";

    Skopeo.Result denied = skopeo.copy("oci:" + src + ":v1", target);
    assertThat(denied.exitCode()).as(denied.stderr()).isNotZero();
    assertThat(denied.stderr()).contains("ecr:CreateRepository");
    fails(
        "RepositoryNotFoundException",
        "pushed/app",
        "ecr",
        "describe-repositories",
        "--repository-names",
        "pushed/app");

    allowPusher(PUSH + ",\"ecr:CreateRepository\"");
    skopeo.copy("oci:" + src + ":v1", target).orThrow();
    assertThat(
            ok("ecr", "describe-repositories", "--repository-names", "pushed/app")
                .path("repositories"))
        .hasSize(1);
  }
}
