package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.api.awsjson.ShapeValidator;
import dev.berth.app.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the ECR API against its model: every operation of the ECR API issue is routed, others
 * answer a clear error naming the operation, and responses validate against the output shapes.
 */
class EcrModelConformanceTest {
  static final Set<String> BUILT =
      Set.of(
          "CreateRepository",
          "DescribeRepositories",
          "DeleteRepository",
          "ListImages",
          "DescribeImages",
          "BatchGetImage",
          "BatchDeleteImage",
          "PutImage",
          "BatchCheckLayerAvailability",
          "InitiateLayerUpload",
          "UploadLayerPart",
          "CompleteLayerUpload",
          "GetDownloadUrlForLayer",
          "GetAuthorizationToken",
          "PutImageTagMutability",
          "TagResource",
          "UntagResource",
          "ListTagsForResource",
          "DescribeRegistry",
          "SetRepositoryPolicy",
          "GetRepositoryPolicy",
          "DeleteRepositoryPolicy",
          "PutRegistryPolicy",
          "GetRegistryPolicy",
          "DeleteRegistryPolicy",
          "UpdateImageStorageClass",
          "PutLifecyclePolicy",
          "GetLifecyclePolicy",
          "DeleteLifecyclePolicy",
          "StartLifecyclePolicyPreview",
          "GetLifecyclePolicyPreview",
          "RegisterPullTimeUpdateExclusion",
          "DeregisterPullTimeUpdateExclusion",
          "ListPullTimeUpdateExclusions",
          "CreateRepositoryCreationTemplate",
          "DescribeRepositoryCreationTemplates",
          "UpdateRepositoryCreationTemplate",
          "DeleteRepositoryCreationTemplate",
          "PutReplicationConfiguration",
          "DescribeImageReplicationStatus",
          "CreatePullThroughCacheRule",
          "DescribePullThroughCacheRules",
          "UpdatePullThroughCacheRule",
          "DeletePullThroughCacheRule",
          "ValidatePullThroughCacheRule");
  static final String PREFIX = "AmazonEC2ContainerRegistry_V20150921.";

  @TempDir Path dir;
  private TestNode node;
  private SignedHttp http;
  private final ServiceModel model = ServiceModel.load("ecr.service-2.json");
  private final ShapeValidator validator = new ShapeValidator(model);

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    http =
        new SignedHttp(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void model_hasFiftyEightOperationsAndTheIssueListIsModelled() {
    assertThat(model.operations()).hasSize(58).containsAll(BUILT);
  }

  @Test
  void everyModelledOperation_isRoutedOrNamesItselfAsNotBuilt() {
    Set<String> unsupported = new TreeSet<>();
    for (String op : model.operations()) {
      SignedHttp.Reply r = http.call(PREFIX + op, "{}");
      String type = r.body().path("__type").asText();
      assertThat(r.status()).as(op).isNotIn(404, 500);
      if (BUILT.contains(op)) {
        assertThat(type)
            .as(op)
            .isNotEqualTo("UnsupportedOperationException")
            .isNotEqualTo("UnknownOperationException");
      } else {
        assertThat(type).as(op).isEqualTo("UnsupportedOperationException");
        assertThat(r.body().path("message").asText()).as(op).contains(op);
        unsupported.add(op);
      }
    }
    assertThat(unsupported).hasSize(58 - BUILT.size());
    SignedHttp.Reply unknown = http.call(PREFIX + "NoSuchOperation", "{}");
    assertThat(unknown.body().path("__type").asText()).isEqualTo("UnknownOperationException");
  }

  @Test
  void responses_validateAgainstTheOutputShapes() {
    ok(
        "CreateRepository",
        "{\"repositoryName\":\"team/app\",\"tags\":[{\"Key\":\"a\",\"Value\":\"b\"}]}");
    ok("DescribeRepositories", "{}");
    ok(
        "CreatePullThroughCacheRule",
        "{\"ecrRepositoryPrefix\":\"ecr-public\",\"upstreamRegistryUrl\":\"public.ecr.aws\"}");
    ok(
        "CreatePullThroughCacheRule",
        "{\"ecrRepositoryPrefix\":\"local\",\"upstreamRegistryUrl\":\"http://127.0.0.1:1\"}");
    ok("DescribePullThroughCacheRules", "{}");
    ok("UpdatePullThroughCacheRule", "{\"ecrRepositoryPrefix\":\"local\"}");
    ok("ValidatePullThroughCacheRule", "{\"ecrRepositoryPrefix\":\"local\"}");
    ok("DeletePullThroughCacheRule", "{\"ecrRepositoryPrefix\":\"local\"}");
    ok("DescribeRepositories", "{\"repositoryNames\":[\"team/app\"]}");
    ok("DescribeRegistry", "{}");
    ok("GetAuthorizationToken", "{}");
    ok(
        "ListTagsForResource",
        "{\"resourceArn\":\"arn:aws:ecr:us-east-1:000000000000:repository/team/app\"}");
    ok(
        "TagResource",
        "{\"resourceArn\":\"arn:aws:ecr:us-east-1:000000000000:repository/team/app\",\"tags\":[{\"Key\":\"c\",\"Value\":\"d\"}]}");
    ok(
        "UntagResource",
        "{\"resourceArn\":\"arn:aws:ecr:us-east-1:000000000000:repository/team/app\",\"tagKeys\":[\"c\"]}");
    JsonNode upload = ok("InitiateLayerUpload", "{\"repositoryName\":\"team/app\"}");
    String id = upload.path("uploadId").asText();
    ok(
        "UploadLayerPart",
        "{\"repositoryName\":\"team/app\",\"uploadId\":\""
            + id
            + "\",\"partFirstByte\":0,\"partLastByte\":1,\"layerPartBlob\":\"e30=\"}");
    String configDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    ok(
        "CompleteLayerUpload",
        "{\"repositoryName\":\"team/app\",\"uploadId\":\""
            + id
            + "\",\"layerDigests\":[\""
            + configDigest
            + "\"]}");
    ok(
        "BatchCheckLayerAvailability",
        "{\"repositoryName\":\"team/app\",\"layerDigests\":[\""
            + configDigest
            + "\",\"sha256:"
            + "0".repeat(64)
            + "\"]}");
    ok(
        "GetDownloadUrlForLayer",
        "{\"repositoryName\":\"team/app\",\"layerDigest\":\"" + configDigest + "\"}");
    String manifest =
        "{\\\"schemaVersion\\\":2,\\\"mediaType\\\":\\\"application/vnd.oci.image.manifest.v1+json\\\","
            + "\\\"artifactType\\\":\\\"application/vnd.example\\\",\\\"config\\\":{\\\"mediaType\\\":"
            + "\\\"application/vnd.oci.empty.v1+json\\\",\\\"digest\\\":\\\""
            + configDigest
            + "\\\",\\\"size\\\":2},\\\"layers\\\":[]}";
    ok(
        "PutImage",
        "{\"repositoryName\":\"team/app\",\"imageTag\":\"v1\",\"imageManifest\":\""
            + manifest
            + "\"}");
    ok("ListImages", "{\"repositoryName\":\"team/app\"}");
    ok("DescribeImages", "{\"repositoryName\":\"team/app\"}");
    ok(
        "BatchGetImage",
        "{\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageTag\":\"v1\"},{\"imageTag\":\"v9\"}]}");
    ok(
        "PutImageTagMutability",
        "{\"repositoryName\":\"team/app\",\"imageTagMutability\":\"IMMUTABLE\"}");
    ok(
        "BatchDeleteImage",
        "{\"repositoryName\":\"team/app\",\"imageIds\":[{\"imageTag\":\"v1\"},{\"imageDigest\":\"bad\"}]}");
    String lifecycle =
        "{\\\"rules\\\":[{\\\"rulePriority\\\":1,\\\"selection\\\":{\\\"tagStatus\\\":"
            + "\\\"any\\\",\\\"countType\\\":\\\"imageCountMoreThan\\\",\\\"countNumber\\\":9},"
            + "\\\"action\\\":{\\\"type\\\":\\\"expire\\\"}}]}";
    String repoAndPolicy =
        "{\"repositoryName\":\"team/app\",\"lifecyclePolicyText\":\"" + lifecycle + "\"}";
    ok("PutLifecyclePolicy", repoAndPolicy);
    ok("GetLifecyclePolicy", "{\"repositoryName\":\"team/app\"}");
    ok("StartLifecyclePolicyPreview", "{\"repositoryName\":\"team/app\"}");
    ok("GetLifecyclePolicyPreview", "{\"repositoryName\":\"team/app\"}");
    node.berth().services().lifecycle().policies().awaitPreviews();
    ok("GetLifecyclePolicyPreview", "{\"repositoryName\":\"team/app\"}");
    node.berth().services().lifecycle().runner().runAll();
    ok("DeleteLifecyclePolicy", "{\"repositoryName\":\"team/app\"}");
    String arn = "{\"principalArn\":\"arn:aws:iam::000000000000:role/scanner\"}";
    ok("RegisterPullTimeUpdateExclusion", arn);
    ok("ListPullTimeUpdateExclusions", "{}");
    ok("DeregisterPullTimeUpdateExclusion", arn);
    ok("DeleteRepository", "{\"repositoryName\":\"team/app\",\"force\":true}");
  }

  @Test
  void badInput_answersTheModelledExceptionAndChangesNothing() {
    for (String body :
        List.of(
            "{\"repositoryName\":5}",
            "{}",
            "{\"repositoryName\":\"" + "a".repeat(300) + "\"}",
            "{\"repositoryName\":\"ok/name\",\"imageTagMutability\":\"SOMETIMES\"}",
            "{\"repositoryName\":\"ok/name\",\"tags\":{\"not\":\"a list\"}}",
            "[1,2]",
            "{not json")) {
      SignedHttp.Reply r = http.call(PREFIX + "CreateRepository", body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.body().path("__type").asText())
          .as(body)
          .isIn("InvalidParameterException", "SerializationException");
      assertThat(r.body().path("message").asText()).as(body).isNotBlank();
    }
    assertThat(ok("DescribeRepositories", "{}").path("repositories")).isEmpty();
    SignedHttp.Reply badMax = http.call(PREFIX + "DescribeRepositories", "{\"maxResults\":0}");
    assertThat(badMax.body().path("__type").asText()).isEqualTo("InvalidParameterException");
    assertThat(badMax.body().path("message").asText())
        .contains("maxResults")
        .contains("greater than or equal to 1");
  }

  @Test
  void unsignedOrMalformedAuthorization_isRejectedBeforeAnythingRuns() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    String body = "{\"repositoryName\":\"sneaky\"}";
    String[][] cases = {
      {"", "MissingAuthenticationTokenException", "403"},
      {
        "AWS4-HMAC-SHA256 Credential="
            + TestNode.ROOT_ACCESS_KEY_ID
            + "/20260101/us-east-1/ecr/aws4_request",
        "IncompleteSignatureException",
        "400"
      },
      {
        "AWS4-HMAC-SHA256 Credential=AKIANOBODY0000000000/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host;x-amz-date, Signature="
            + "0".repeat(64),
        "InvalidSignatureException",
        "400"
      }
    };
    for (String[] c : cases) {
      var b =
          java.net.http.HttpRequest.newBuilder(node.base().resolve("/"))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .header("Content-Type", "application/x-amz-json-1.1")
              .header("X-Amz-Target", PREFIX + "CreateRepository")
              .header("X-Amz-Date", "20260101T000000Z");
      if (!c[0].isEmpty()) {
        b.header("Authorization", c[0]);
      }
      var r = client.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
      assertThat(json.path("__type").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[2]));
    }
    assertThat(ok("DescribeRepositories", "{}").path("repositories")).isEmpty();
  }

  private JsonNode ok(String op, String body) {
    SignedHttp.Reply r = http.call(PREFIX + op, body);
    assertThat(r.status()).as(op + " " + r.body()).isEqualTo(200);
    List<String> violations =
        validator.validateOutput(model.outputShape(op).orElseThrow(), r.body());
    assertThat(violations).as(op + " output").isEmpty();
    return r.body();
  }
}
