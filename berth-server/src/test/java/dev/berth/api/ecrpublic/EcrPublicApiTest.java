package dev.berth.api.ecrpublic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.api.awsjson.ShapeValidator;
import dev.berth.api.ecr.SignedHttp;
import dev.berth.api.iam.SignedQuery;
import dev.berth.app.TestNode;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ECR Public API against its model: all 23 operations routed, every answer valid against its
 * output shape, ECR Public's exception names, and public and private repositories kept apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrPublicApiTest {
  static final String PREFIX = "SpencerFrontendService.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A 1x1 PNG. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  private final ServiceModel model = ServiceModel.load("ecr-public.service-2.json");
  private final ShapeValidator validator = new ShapeValidator(model);
  private Path dir;
  private TestNode node;
  private SignedHttp root;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("ecr-public-api");
    node = TestNode.start(dir);
    root =
        new SignedHttp(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  @AfterAll
  void stop() throws IOException {
    node.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private SignedHttp.Reply call(SignedHttp as, String op, Object input) {
    try {
      return as.call(PREFIX + op, JSON.writeValueAsString(input), "ecr-public");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode ok(String op, Object input) {
    return ok(root, op, input);
  }

  private JsonNode ok(SignedHttp as, String op, Object input) {
    SignedHttp.Reply r = call(as, op, input);
    assertThat(r.status()).as(op + " " + r.body()).isEqualTo(200);
    assertThat(validator.validateOutput(model.outputShape(op).orElseThrow(), r.body()))
        .as(op + " output " + r.body())
        .isEmpty();
    return r.body();
  }

  private void fails(SignedHttp.Reply r, String type, String message) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    assertThat(r.body().path("__type").asText()).as(r.body().toString()).isEqualTo(type);
    assertThat(r.body().path("message").asText()).contains(message);
  }

  @Test
  void everyOperationOfTheModel_isServed() {
    assertThat(model.operations()).hasSize(23);
    Set<String> routed = new TreeSet<>();
    for (String op : model.operations()) {
      SignedHttp.Reply r = call(root, op, Map.of());
      String type = r.body().path("__type").asText();
      assertThat(r.status()).as(op + " " + r.body()).isNotIn(404, 500);
      assertThat(type)
          .as(op)
          .isNotIn(
              "UnsupportedCommandException",
              "UnsupportedOperationException",
              "UnknownOperationException");
      routed.add(op);
    }
    assertThat(routed).hasSize(23);
  }

  @Test
  void aRepositoryItsCatalogAndAnImage_answerInEcrPublicShapes() {
    JsonNode created =
        ok(
            "CreateRepository",
            Map.of(
                "repositoryName",
                "tools/shape",
                "catalogData",
                Map.of(
                    "description",
                    "A tool",
                    "architectures",
                    List.of("x86-64", "ARM 64"),
                    "operatingSystems",
                    List.of("Linux"),
                    "aboutText",
                    "# About",
                    "usageText",
                    "`docker pull`",
                    "logoImageBlob",
                    PNG),
                "tags",
                List.of(Map.of("Key", "team", "Value", "a"))));
    JsonNode registry = ok("DescribeRegistries", Map.of()).path("registries").get(0);
    String alias = registry.path("aliases").get(0).path("name").asText();
    assertThat(alias).matches("[a-z][a-z0-9]{7}");
    assertThat(registry.path("registryArn").asText())
        .isEqualTo("arn:aws:ecr-public::000000000000:registry/000000000000");
    assertThat(registry.path("registryUri").asText())
        .isEqualTo("public.ecr.localhost:" + node.base().getPort() + "/" + alias);
    assertThat(registry.path("aliases").get(0).path("defaultRegistryAlias").asBoolean()).isTrue();
    JsonNode repo = created.path("repository");
    assertThat(repo.path("repositoryArn").asText())
        .isEqualTo("arn:aws:ecr-public::000000000000:repository/tools/shape");
    assertThat(repo.path("repositoryUri").asText())
        .isEqualTo("public.ecr.localhost:" + node.base().getPort() + "/" + alias + "/tools/shape");
    assertThat(repo.has("imageTagMutability")).isFalse();
    assertThat(created.path("catalogData").path("architectures").toString())
        .isEqualTo("[\"x86-64\",\"ARM 64\"]");
    assertThat(created.path("catalogData").path("logoUrl").asText())
        .endsWith("/gallery/logo/" + alias + "/tools/shape");

    Map<String, String> named = Map.of("repositoryName", "tools/shape");
    assertThat(ok("DescribeRepositories", Map.of()).path("repositories").toString())
        .contains("tools/shape");
    ok("DescribeRepositories", Map.of("repositoryNames", List.of("tools/shape")));
    JsonNode catalog = ok("GetRepositoryCatalogData", named).path("catalogData");
    assertThat(catalog.path("usageText").asText()).isEqualTo("`docker pull`");
    JsonNode put =
        ok(
            "PutRepositoryCatalogData",
            Map.of("repositoryName", "tools/shape", "catalogData", Map.of("description", "New")));
    assertThat(put.path("catalogData").path("description").asText()).isEqualTo("New");
    assertThat(put.path("catalogData").path("aboutText").asText()).isEqualTo("# About");
    assertThat(ok("PutRegistryCatalogData", Map.of("displayName", "Team A")).toString())
        .contains("Team A");
    assertThat(
            ok("GetRegistryCatalogData", Map.of())
                .path("registryCatalogData")
                .path("displayName")
                .asText())
        .isEqualTo("Team A");

    String arn = repo.path("repositoryArn").asText();
    ok(
        "TagResource",
        Map.of("resourceArn", arn, "tags", List.of(Map.of("Key", "b", "Value", "c"))));
    assertThat(ok("ListTagsForResource", Map.of("resourceArn", arn)).path("tags").size())
        .isEqualTo(2);
    ok("UntagResource", Map.of("resourceArn", arn, "tagKeys", List.of("b")));
    fails(
        call(
            root,
            "ListTagsForResource",
            Map.of("resourceArn", "arn:aws:ecr:us-east-1:000000000000:repository/tools/shape")),
        "InvalidParameterException",
        "resourceArn");

    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"ecr-public:DescribeImages\"}]}";
    ok("SetRepositoryPolicy", Map.of("repositoryName", "tools/shape", "policyText", policy));
    ok("GetRepositoryPolicy", named);
    ok("DeleteRepositoryPolicy", named);
    fails(
        call(root, "GetRepositoryPolicy", named),
        "RepositoryPolicyNotFoundException",
        "tools/shape");
    fails(
        call(
            root,
            "SetRepositoryPolicy",
            Map.of(
                "repositoryName",
                "tools/shape",
                "policyText",
                policy.replace("ecr-public:", "ecr:"))),
        "InvalidParameterException",
        "not an ecr-public action");

    pushImage("tools/shape", "v1");
    JsonNode images = ok("DescribeImages", named).path("imageDetails");
    assertThat(images.size()).isEqualTo(1);
    assertThat(images.get(0).has("imageScanStatus")).isFalse();
    JsonNode tags = ok("DescribeImageTags", named).path("imageTagDetails");
    assertThat(tags.get(0).path("imageTag").asText()).isEqualTo("v1");
    assertThat(tags.get(0).path("imageDetail").path("imageDigest").asText()).startsWith("sha256:");
    JsonNode paged =
        ok("DescribeImageTags", Map.of("repositoryName", "tools/shape", "maxResults", 1));
    assertThat(paged.path("imageTagDetails").size()).isEqualTo(1);
    ok(
        "BatchDeleteImage",
        Map.of("repositoryName", "tools/shape", "imageIds", List.of(Map.of("imageTag", "v1"))));
    fails(
        call(root, "DeleteRepository", Map.of("repositoryName", "nothing/here")),
        "RepositoryNotFoundException",
        "nothing/here");
    ok("DeleteRepository", Map.of("repositoryName", "tools/shape", "force", true));
    fails(
        call(root, "GetRepositoryCatalogData", named),
        "RepositoryNotFoundException",
        "tools/shape");
  }

  /** Pushes a one-layer image through the API's own layer upload and PutImage. */
  private void pushImage(String repository, String tag) {
    String content =
        Base64.getEncoder().encodeToString("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    JsonNode upload = ok("InitiateLayerUpload", Map.of("repositoryName", repository));
    String id = upload.path("uploadId").asText();
    ok(
        "UploadLayerPart",
        Map.of(
            "repositoryName",
            repository,
            "uploadId",
            id,
            "partFirstByte",
            0,
            "partLastByte",
            1,
            "layerPartBlob",
            content));
    ok(
        "CompleteLayerUpload",
        Map.of("repositoryName", repository, "uploadId", id, "layerDigests", List.of(digest)));
    ok(
        "BatchCheckLayerAvailability",
        Map.of("repositoryName", repository, "layerDigests", List.of(digest)));
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\"application/vnd.example\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + digest
            + "\",\"size\":2},\"layers\":[]}";
    ok(
        "PutImage",
        Map.of("repositoryName", repository, "imageTag", tag, "imageManifest", manifest));
  }

  @Test
  void badCatalogData_createsNothing() {
    String notAnImage =
        Base64.getEncoder()
            .encodeToString(
                "<svg onload=alert(1)>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    fails(
        call(
            root,
            "CreateRepository",
            Map.of(
                "repositoryName", "bad/logo", "catalogData", Map.of("logoImageBlob", notAnImage))),
        "InvalidParameterException",
        "PNG, JPEG or GIF");
    fails(
        call(root, "DescribeRepositories", Map.of("repositoryNames", List.of("bad/logo"))),
        "RepositoryNotFoundException",
        "bad/logo");
    fails(
        call(
            root,
            "CreateRepository",
            Map.of(
                "repositoryName",
                "bad/text",
                "catalogData",
                Map.of("description", "x".repeat(1025)))),
        "InvalidParameterException",
        "description");
    ok("CreateRepository", Map.of("repositoryName", "bare"));
    fails(
        call(root, "GetRepositoryCatalogData", Map.of("repositoryName", "bare")),
        "RepositoryCatalogDataNotFoundException",
        "bare");
  }

  @Test
  void publicAndPrivateRepositories_neverMix() {
    node.createRepository("private/only");
    fails(
        call(root, "DescribeRepositories", Map.of("repositoryNames", List.of("private/only"))),
        "RepositoryNotFoundException",
        "private/only");
    ok("CreateRepository", Map.of("repositoryName", "public/only"));
    var repositories = node.berth().services().repositories();
    assertThat(
            repositories.find(
                node.berth().config().registry().home(), new RepositoryName("public/only")))
        .isEmpty();
    assertThat(
            repositories.find(
                RegistryId.publicRegistry(new AccountId("000000000000")),
                new RepositoryName("private/only")))
        .isEmpty();
  }

  @Test
  void ecrPublicActions_areWhatIamChecks() {
    SignedQuery iam =
        new SignedQuery(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    assertThat(iam.iam("CreateUser", Map.of("UserName", "private-only")).status()).isEqualTo(200);
    assertThat(
            iam.iam(
                    "PutUserPolicy",
                    Map.of(
                        "UserName",
                        "private-only",
                        "PolicyName",
                        "ecr",
                        "PolicyDocument",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"ecr:*\",\"ecr-public:GetAuthorizationToken\"],\"Resource\":\"*\"}]}"))
                .status())
        .isEqualTo(200);
    SignedQuery.Reply key = iam.iam("CreateAccessKey", Map.of("UserName", "private-only"));
    SignedHttp user =
        new SignedHttp(node.base(), key.element("AccessKeyId"), key.element("SecretAccessKey"));

    SignedHttp.Reply create = call(user, "CreateRepository", Map.of("repositoryName", "denied"));
    assertThat(create.body().path("__type").asText()).isEqualTo("AccessDeniedException");
    assertThat(create.body().path("message").asText()).contains("ecr-public:CreateRepository");
    SignedHttp.Reply token = call(user, "GetAuthorizationToken", Map.of());
    assertThat(token.body().path("__type").asText()).isEqualTo("AccessDeniedException");
    assertThat(token.body().path("message").asText()).contains("sts:GetServiceBearerToken");

    JsonNode granted = ok("GetAuthorizationToken", Map.of()).path("authorizationData");
    String decoded =
        new String(
            Base64.getDecoder().decode(granted.path("authorizationToken").asText()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(decoded).startsWith("AWS:");
  }

  @Test
  void theAwsManagedEcrPublicPolicies_grantWhatTheyName() {
    SignedHttp reader = userWithManagedPolicy("AmazonElasticContainerRegistryPublicReadOnly");
    SignedHttp pusher = userWithManagedPolicy("AmazonElasticContainerRegistryPublicPowerUser");
    ok("CreateRepository", Map.of("repositoryName", "managed/app"));

    ok(reader, "DescribeRepositories", Map.of());
    ok(reader, "GetAuthorizationToken", Map.of());
    assertThat(
            call(reader, "InitiateLayerUpload", Map.of("repositoryName", "managed/app"))
                .body()
                .path("__type")
                .asText())
        .isEqualTo("AccessDeniedException");
    ok(pusher, "InitiateLayerUpload", Map.of("repositoryName", "managed/app"));
    assertThat(
            call(pusher, "DeleteRepository", Map.of("repositoryName", "managed/app"))
                .body()
                .path("__type")
                .asText())
        .isEqualTo("AccessDeniedException");
  }

  private SignedHttp userWithManagedPolicy(String policy) {
    SignedQuery iam =
        new SignedQuery(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    assertThat(iam.iam("CreateUser", Map.of("UserName", policy)).status()).isEqualTo(200);
    assertThat(
            iam.iam(
                    "AttachUserPolicy",
                    Map.of("UserName", policy, "PolicyArn", "arn:aws:iam::aws:policy/" + policy))
                .status())
        .isEqualTo(200);
    SignedQuery.Reply key = iam.iam("CreateAccessKey", Map.of("UserName", policy));
    return new SignedHttp(node.base(), key.element("AccessKeyId"), key.element("SecretAccessKey"));
  }
}
