package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.api.awsjson.ShapeValidator;
import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageStatus;
import software.amazon.awssdk.services.ecr.model.ImageStatusFilter;
import software.amazon.awssdk.services.ecr.model.ImageStorageClassUpdateNotSupportedException;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.TargetStorageClass;
import software.amazon.awssdk.services.ecr.model.UpdateImageStorageClassResponse;

/**
 * The archive storage class through a test node (issue 10): UpdateImageStorageClass with the AWS
 * SDK, DescribeImages and ListImages fields and filters, pulls of an archived image over {@code
 * /v2} and the ECR API, and a restore after which the image pulls byte-identical. The archive tier
 * is a second directory given as {@code archive-dir}.
 */
class ArchiveStorageClassTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "archive/app";
  private static final String PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  private static final byte[] CONFIG =
      "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{}}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] LAYER =
      "layer bytes of the archive test"
          .repeat(500)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @TempDir Path dir;
  @TempDir Path cold;
  private TestNode node;
  private EcrClient ecr;
  private SignedHttp signed;
  private final HttpClient http = HttpClient.newHttpClient();
  private String manifest;
  private Digest image;
  private Digest layer;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir, Map.of("archive-dir", cold.toString()));
    ecr = EcrClients.root(node);
    signed =
        new SignedHttp(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    ecr.createRepository(r -> r.repositoryName(REPO));
    Digest config = upload(CONFIG);
    layer = upload(LAYER);
    manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + config
            + "\",\"size\":"
            + CONFIG.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
            + "\"digest\":\""
            + layer
            + "\",\"size\":"
            + LAYER.length
            + "}]}";
    ecr.putImage(r -> r.repositoryName(REPO).imageTag("v1").imageManifest(manifest));
    image = Digest.sha256(Hashing.sha256().digest(manifest.getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  private Digest upload(byte[] content) {
    String id = ecr.initiateLayerUpload(r -> r.repositoryName(REPO)).uploadId();
    ecr.uploadLayerPart(
        r ->
            r.repositoryName(REPO)
                .uploadId(id)
                .partFirstByte(0L)
                .partLastByte((long) content.length - 1)
                .layerPartBlob(SdkBytes.fromByteArray(content)));
    Digest d = Digest.sha256(Hashing.sha256().digest(content));
    ecr.completeLayerUpload(r -> r.repositoryName(REPO).uploadId(id).layerDigests(d.toString()));
    return d;
  }

  private UpdateImageStorageClassResponse update(String tag, TargetStorageClass target) {
    return ecr.updateImageStorageClass(
        r ->
            r.repositoryName(REPO)
                .imageId(ImageIdentifier.builder().imageTag(tag).build())
                .targetStorageClass(target));
  }

  private List<ImageDetail> describe(ImageStatusFilter filter) {
    return ecr.describeImages(
            r -> r.repositoryName(REPO).filter(f -> f.imageStatus(filter)).maxResults(100))
        .imageDetails();
  }

  private HttpResponse<byte[]> v2(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.base() + "/v2/" + REPO + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", node.basicAuth())
            .header("Accept", "application/vnd.oci.image.manifest.v1+json")
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long filesUnder(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void archive_isReportedByDescribeImagesAndListImages_withTheirFilters() {
    UpdateImageStorageClassResponse r = update("v1", TargetStorageClass.ARCHIVE);
    assertThat(r.imageStatus()).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(r.imageId().imageTag()).isEqualTo("v1");
    assertThat(r.repositoryName()).isEqualTo(REPO);
    assertThat(r.registryId()).isEqualTo("000000000000");

    assertThat(ecr.describeImages(d -> d.repositoryName(REPO)).imageDetails())
        .as("without a filter, ACTIVE images only, as ECR")
        .isEmpty();
    assertThat(ecr.listImages(d -> d.repositoryName(REPO)).imageIds()).isEmpty();
    ImageDetail archived = describe(ImageStatusFilter.ARCHIVED).get(0);
    assertThat(archived.imageStatus()).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(archived.imageDigest()).isEqualTo(image.toString());
    assertThat(archived.lastArchivedAt()).isNotNull();
    assertThat(archived.lastActivatedAt()).isNull();
    assertThat(describe(ImageStatusFilter.ANY)).hasSize(1);
    assertThat(describe(ImageStatusFilter.ACTIVE)).isEmpty();
    assertThat(describe(ImageStatusFilter.ACTIVATING)).isEmpty();
    assertThat(
            ecr.listImages(l -> l.repositoryName(REPO).filter(f -> f.imageStatus("ARCHIVED")))
                .imageIds())
        .extracting(ImageIdentifier::imageTag)
        .containsExactly("v1");
    assertThat(
            ecr.describeImages(
                    d ->
                        d.repositoryName(REPO)
                            .imageIds(ImageIdentifier.builder().imageTag("v1").build()))
                .imageDetails()
                .get(0)
                .imageStatus())
        .as("described by id whatever its status")
        .isEqualTo(ImageStatus.ARCHIVED);
  }

  @Test
  void pullsOfAnArchivedImage_answerEcrsErrors() throws Exception {
    update("v1", TargetStorageClass.ARCHIVE);
    node.berth().services().archive().runPending();

    for (String ref : List.of("v1", image.toString())) {
      for (String method : List.of("GET", "HEAD")) {
        HttpResponse<byte[]> r = v2(method, "/manifests/" + ref);
        assertThat(r.statusCode()).as(method + " " + ref).isEqualTo(404);
        if ("GET".equals(method)) {
          JsonNode error = JSON.readTree(r.body()).path("errors").get(0);
          assertThat(error.path("code").asText()).isEqualTo("MANIFEST_UNKNOWN");
          assertThat(error.path("message").asText()).contains("is archived");
          assertThat(error.path("detail").path("imageStatus").asText()).isEqualTo("ARCHIVED");
        }
      }
    }
    HttpResponse<byte[]> blob = v2("GET", "/blobs/" + layer);
    assertThat(blob.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(blob.body()).path("errors").get(0).path("code").asText())
        .isEqualTo("BLOB_UNKNOWN");

    var batch =
        ecr.batchGetImage(
            b -> b.repositoryName(REPO).imageIds(ImageIdentifier.builder().imageTag("v1").build()));
    assertThat(batch.images()).isEmpty();
    assertThat(batch.failures().get(0).failureCodeAsString()).isEqualTo("ImageNotFound");
    assertThat(batch.failures().get(0).failureReason()).contains("is archived");
    assertThatThrownBy(
            () ->
                ecr.getDownloadUrlForLayer(
                    g -> g.repositoryName(REPO).layerDigest(layer.toString())))
        .isInstanceOf(LayersNotFoundException.class)
        .hasMessageContaining("used only by archived images");
  }

  @Test
  void restore_isAsynchronous_thenTheImagePullsByteIdentical() throws Exception {
    update("v1", TargetStorageClass.ARCHIVE);
    node.berth().services().archive().runPending();
    assertThat(filesUnder(cold.resolve("blobs"))).as("config and layer archived").isEqualTo(2);

    assertThat(update("v1", TargetStorageClass.STANDARD).imageStatus())
        .isEqualTo(ImageStatus.ACTIVATING);
    node.berth().services().archive().runPending();

    ImageDetail restored = describe(ImageStatusFilter.ACTIVE).get(0);
    assertThat(restored.imageStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(restored.lastActivatedAt()).isNotNull();
    assertThat(restored.lastArchivedAt()).isNotNull();
    assertThat(filesUnder(cold.resolve("blobs"))).isZero();
    HttpResponse<byte[]> m = v2("GET", "/manifests/v1");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo(manifest);
    HttpResponse<byte[]> b = v2("GET", "/blobs/" + layer);
    assertThat(b.statusCode()).isEqualTo(200);
    assertThat(b.body()).isEqualTo(LAYER);
  }

  @Test
  void repush_withPutImage_restoresAnArchivedImageAtOnce() {
    update("v1", TargetStorageClass.ARCHIVE);
    node.berth().services().archive().runPending();
    ecr.putImage(r -> r.repositoryName(REPO).imageTag("v1").imageManifest(manifest));
    ImageDetail d = describe(ImageStatusFilter.ACTIVE).get(0);
    assertThat(d.imageStatus()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(d.lastActivatedAt()).isNotNull();
    assertThat(
            ecr.batchGetImage(
                    b ->
                        b.repositoryName(REPO)
                            .imageIds(ImageIdentifier.builder().imageTag("v1").build()))
                .images()
                .get(0)
                .imageManifest())
        .isEqualTo(manifest);
  }

  @Test
  void updatesEcrRefuses_answerItsExceptions() {
    assertThatThrownBy(() -> update("v1", TargetStorageClass.STANDARD))
        .isInstanceOf(ImageStorageClassUpdateNotSupportedException.class)
        .hasMessageContaining("already in the STANDARD storage class");
    update("v1", TargetStorageClass.ARCHIVE);
    assertThatThrownBy(() -> update("v1", TargetStorageClass.ARCHIVE))
        .isInstanceOf(ImageStorageClassUpdateNotSupportedException.class)
        .hasMessageContaining("already archived");
    assertThatThrownBy(() -> update("nope", TargetStorageClass.ARCHIVE))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageStartingWith(
            "The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within"
                + " the repository with name '"
                + REPO
                + "'");
    assertThatThrownBy(
            () ->
                ecr.updateImageStorageClass(
                    r ->
                        r.repositoryName("archive/none")
                            .imageId(ImageIdentifier.builder().imageTag("v1").build())
                            .targetStorageClass(TargetStorageClass.ARCHIVE)))
        .isInstanceOf(RepositoryNotFoundException.class);
    SignedHttp.Reply bad =
        signed.call(
            PREFIX + "UpdateImageStorageClass",
            "{\"repositoryName\":\""
                + REPO
                + "\",\"imageId\":{\"imageTag\":\"v1\"},\"targetStorageClass\":\"GLACIER\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("__type").asText()).isEqualTo("InvalidParameterException");
    assertThat(bad.body().path("message").asText()).contains("targetStorageClass");
  }

  @Test
  void responses_validateAgainstTheModel() {
    ServiceModel model = ServiceModel.load("ecr.service-2.json");
    ShapeValidator validator = new ShapeValidator(model);
    Map<String, String> calls =
        Map.of(
            "UpdateImageStorageClass",
            "{\"repositoryName\":\""
                + REPO
                + "\",\"imageId\":{\"imageDigest\":\""
                + image
                + "\"},\"targetStorageClass\":\"ARCHIVE\"}",
            "DescribeImages",
            "{\"repositoryName\":\"" + REPO + "\",\"filter\":{\"imageStatus\":\"ANY\"}}");
    for (String op : List.of("UpdateImageStorageClass", "DescribeImages")) {
      SignedHttp.Reply r =
          signed.call(PREFIX + op, java.util.Objects.requireNonNull(calls.get(op)));
      assertThat(r.status()).as(op + " " + r.body()).isEqualTo(200);
      assertThat(validator.validateOutput(model.outputShape(op).orElseThrow(), r.body()))
          .as(op)
          .isEmpty();
    }
    JsonNode detail =
        signed
            .call(
                PREFIX + "DescribeImages",
                java.util.Objects.requireNonNull(calls.get("DescribeImages")))
            .body()
            .path("imageDetails")
            .get(0);
    assertThat(detail.path("imageStatus").asText()).isEqualTo("ARCHIVED");
    assertThat(detail.path("lastArchivedAt").isNumber()).isTrue();
  }
}
