package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.gc.GcOutcome;
import dev.berth.meta.GcRunSummary;
import dev.berth.model.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchCheckLayerAvailabilityResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;

/**
 * Issue 10, "deleted content is gone": once the last image using a layer is deleted, or its
 * repository is, the layer is no longer served from that repository through /v2 HEAD and GET,
 * BatchCheckLayerAvailability or GetDownloadUrlForLayer, before the collector removes its bytes; a
 * layer uploaded and not yet used stays available for the grace period.
 */
class DeletedContentTest {
  private static final String REPO = "team/app";

  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
    ecr.createRepository(r -> r.repositoryName(REPO));
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
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
    Digest digest = Digest.sha256(Hashing.sha256().digest(content));
    ecr.completeLayerUpload(
        r -> r.repositoryName(REPO).uploadId(id).layerDigests(digest.toString()));
    return digest;
  }

  /** Pushes config and layer, returns the layer's digest. */
  private Digest pushImage(String tag, byte[] layer) {
    byte[] config = ("{\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
    Digest c = upload(config);
    Digest l = upload(layer);
    String manifest = EcrSdkTest.manifest(c, config.length, l, layer.length);
    ecr.putImage(r -> r.repositoryName(REPO).imageManifest(manifest).imageTag(tag));
    return l;
  }

  private int v2(String method, Digest d) throws Exception {
    return http.send(
            HttpRequest.newBuilder(node.base().resolve("/v2/" + REPO + "/blobs/" + d))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", node.basicAuth())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private boolean available(Digest d) {
    BatchCheckLayerAvailabilityResponse r =
        ecr.batchCheckLayerAvailability(b -> b.repositoryName(REPO).layerDigests(d.toString()));
    if (r.layers().size() == 1) {
      assertThat(r.layers().get(0).layerAvailabilityAsString()).isEqualTo("AVAILABLE");
      return true;
    }
    assertThat(r.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.failureCodeAsString()).isEqualTo("MissingLayerDigest"));
    return false;
  }

  private void assertServed(Digest d) throws Exception {
    assertThat(v2("HEAD", d)).isEqualTo(200);
    assertThat(v2("GET", d)).isEqualTo(200);
    assertThat(available(d)).isTrue();
    assertThat(
            ecr.getDownloadUrlForLayer(r -> r.repositoryName(REPO).layerDigest(d.toString()))
                .downloadUrl())
        .isNotEmpty();
  }

  private void assertGone(Digest d) throws Exception {
    assertThat(v2("HEAD", d)).isEqualTo(404);
    assertThat(v2("GET", d)).isEqualTo(404);
    assertThat(available(d)).isFalse();
    assertThatThrownBy(
            () -> ecr.getDownloadUrlForLayer(r -> r.repositoryName(REPO).layerDigest(d.toString())))
        .isInstanceOf(LayersNotFoundException.class);
  }

  private int fetch(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void deletedImage_itsOwnLayerIsGoneAtOnce_aSharedOneAndAnUnusedUploadStay() throws Exception {
    byte[] shared = random(3000, 1);
    Digest own = pushImage("a", random(2000, 2));
    Digest sharedLayer = pushImage("b", shared);
    byte[] configC = "{\"tag\":\"c\"}".getBytes(StandardCharsets.UTF_8);
    String c = EcrSdkTest.manifest(upload(configC), configC.length, sharedLayer, shared.length);
    ecr.putImage(r -> r.repositoryName(REPO).imageTag("c").imageManifest(c));
    Digest unused = upload(random(500, 4));
    String url =
        ecr.getDownloadUrlForLayer(r -> r.repositoryName(REPO).layerDigest(own.toString()))
            .downloadUrl();
    assertThat(fetch(url)).isEqualTo(200);
    assertServed(own);

    ecr.batchDeleteImage(
        r -> r.repositoryName(REPO).imageIds(ImageIdentifier.builder().imageTag("a").build()));
    ecr.batchDeleteImage(
        r -> r.repositoryName(REPO).imageIds(ImageIdentifier.builder().imageTag("b").build()));

    assertGone(own);
    assertThat(fetch(url)).as("a download URL issued before").isEqualTo(404);
    assertServed(sharedLayer);
    assertServed(unused);
  }

  @Test
  void deletedRepository_itsLayersAreNotServedByTheRepositoryCreatedAgain_andTheBytesGo()
      throws Exception {
    byte[] layer = random(4000, 5);
    Digest d = pushImage("v1", layer);
    assertServed(d);

    ecr.deleteRepository(r -> r.repositoryName(REPO).force(true));
    ecr.createRepository(r -> r.repositoryName(REPO));

    assertGone(d);
    node.clock().advance(Duration.ofHours(1).plusMinutes(1));
    GcOutcome o = node.berth().services().collector().run(false, p -> {});
    GcRunSummary s = ((GcOutcome.Completed) o).summary();
    assertThat(s.blobsRemoved()).as("layer and config").isEqualTo(2);
    assertThat(s.bytesRemoved()).isEqualTo(layer.length + "{\"tag\":\"v1\"}".length());
    assertThat(node.berth().services().blobStore().size(d)).isEmpty();
  }
}
