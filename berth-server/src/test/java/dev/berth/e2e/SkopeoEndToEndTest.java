package dev.berth.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.OciLayoutFixture.Image;
import dev.berth.testkit.Skopeo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code skopeo} client against a real node over loopback HTTP: push from and pull into
 * OCI image layouts, multi-arch indexes, copies between repositories, deletes, errors and tags.
 * Skopeo must be installed; these tests fail rather than skip without it.
 */
class SkopeoEndToEndTest {
  private static final int LAYER_BYTES = 300 * 1024;

  @TempDir Path tmp;

  private TestNode node;
  private SkopeoCli skopeo;
  private RegistryHttp http;

  @BeforeAll
  static void requireSkopeo() {
    SkopeoCli.requireInstalled();
  }

  @BeforeEach
  void startNode() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    skopeo = SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
    http = new RegistryHttp(node.base(), node.basicAuth());
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private String docker(String repositoryAndReference) {
    return "docker://" + node.hostPort() + "/" + repositoryAndReference;
  }

  private static String oci(Path layout, String tag) {
    return "oci:" + layout + ":" + tag;
  }

  /** Writes a 4-layer image tagged v1 into {@code tmp/src} and pushes it to team/app:v1. */
  private Image pushFourLayerImage(Path src) {
    node.createRepository("team/app");
    Image image = OciLayoutFixture.writeImage(src, "v1", 4, LAYER_BYTES, 42L);
    skopeo.copy(oci(src, "v1"), docker("team/app:v1")).orThrow();
    return image;
  }

  /**
   * The raw manifest through {@code skopeo inspect --raw}, and its digest, must be the source's.
   */
  private void assertRawManifest(String reference, String digest, byte[] expected) {
    String raw = skopeo.inspect(reference, "--raw").orThrow().stdout();
    assertThat(Layouts.sha256(raw))
        .as("sha256 of skopeo inspect --raw %s", reference)
        .isEqualTo(digest);
    assertThat(raw).as("skopeo inspect --raw %s", reference).isEqualTo(new String(expected, UTF_8));
  }

  private JsonNode inspect(String reference) {
    return Layouts.json(skopeo.inspect(reference).orThrow().stdout());
  }

  @Test
  void multiLayerImageRoundTripsThroughTheRegistryByteForByte() {
    Path src = tmp.resolve("src");
    Image image = pushFourLayerImage(src);
    Path out = tmp.resolve("out");
    skopeo.copy(docker("team/app:v1"), oci(out, "v1")).orThrow();

    byte[] manifest = Layouts.blob(src, image.digest());
    assertThat(Layouts.referencedBlobs(manifest)).hasSize(5);
    for (String reference : List.of(oci(src, "v1"), docker("team/app:v1"), oci(out, "v1"))) {
      assertRawManifest(reference, image.digest(), manifest);
      assertThat(inspect(reference).path("Digest").asText())
          .as("skopeo inspect %s", reference)
          .isEqualTo(image.digest());
    }
    assertThat(inspect(docker("team/app:v1")).path("Layers"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(Layouts.referencedBlobs(manifest).subList(1, 5));
    Layouts.assertSameBlobs(src, out, image.blobDigests());
  }

  @Test
  void multiArchIndexRoundTripsWithCopyAll() {
    node.createRepository("team/app");
    Path src = tmp.resolve("src");
    Image index =
        OciLayoutFixture.writeMultiArch(
            src, "v1", List.of("linux/amd64", "linux/arm64"), 2, LAYER_BYTES, 7L);
    skopeo.copy(oci(src, "v1"), docker("team/app:v1"), "--all").orThrow();
    Path out = tmp.resolve("out");
    skopeo.copy(docker("team/app:v1"), oci(out, "v1"), "--all").orThrow();

    byte[] indexBytes = Layouts.blob(src, index.digest());
    assertRawManifest(docker("team/app:v1"), index.digest(), indexBytes);
    assertRawManifest(oci(out, "v1"), index.digest(), indexBytes);
    assertThat(Layouts.json(indexBytes).path("mediaType").asText())
        .isEqualTo(OciLayoutFixture.INDEX_MEDIA_TYPE);

    for (String platform : List.of("amd64", "arm64")) {
      JsonNode chosen =
          Layouts.json(
              skopeo.inspectPlatform("linux", platform, docker("team/app:v1")).orThrow().stdout());
      // skopeo reports the digest of the top-level index and the chosen instance's config.
      assertThat(chosen.path("Digest").asText())
          .as("skopeo inspect for linux/%s", platform)
          .isEqualTo(index.digest());
      assertThat(chosen.path("Architecture").asText()).isEqualTo(platform);
    }

    List<String> children = Layouts.indexChildren(indexBytes);
    assertThat(children).hasSize(2).doesNotHaveDuplicates();
    List<String> architectures = new ArrayList<>();
    for (String child : children) {
      byte[] expected = Layouts.blob(src, child);
      assertRawManifest(docker("team/app@" + child), child, expected);
      JsonNode summary = inspect(docker("team/app@" + child));
      assertThat(summary.path("Digest").asText()).isEqualTo(child);
      assertThat(summary.path("Os").asText()).isEqualTo("linux");
      architectures.add(summary.path("Architecture").asText());
      assertThat(Layouts.blob(out, child)).isEqualTo(expected);
    }
    assertThat(architectures).containsExactly("amd64", "arm64");
    Layouts.assertSameBlobs(src, out, index.blobDigests());
  }

  @Test
  void copyBetweenRepositoriesKeepsTheDigestAndBlobsCanBeMounted() {
    Path src = tmp.resolve("src");
    Image image = pushFourLayerImage(src);
    node.createRepository("team/other");
    node.createRepository("team/third");

    Skopeo.Result copied =
        skopeo.copy(docker("team/app:v1"), docker("team/other:v1"), "--debug").orThrow();

    byte[] manifest = Layouts.blob(src, image.digest());
    // The push recorded where each layer lives in skopeo's (private) blob info cache, so the copy
    // mounts the layers from team/app instead of uploading them again.
    for (String layer : Layouts.referencedBlobs(manifest).subList(1, 5)) {
      assertThat(copied.stderr())
          .as("skopeo --debug output")
          .contains(
              "POST http://"
                  + node.hostPort()
                  + "/v2/team/other/blobs/uploads/?from=team%2Fapp&mount="
                  + layer.replace(":", "%3A"));
    }
    assertThat(copied.stderr().split("mount OK", -1)).as("mounts that succeeded").hasSize(5);
    assertRawManifest(docker("team/other:v1"), image.digest(), manifest);
    assertThat(inspect(docker("team/other:v1")).path("Digest").asText()).isEqualTo(image.digest());

    String layer = Layouts.referencedBlobs(manifest).get(1);
    HttpResponse<byte[]> mounted =
        http.post("/v2/team/third/blobs/uploads/?mount=" + layer + "&from=team/app");
    assertThat(mounted.statusCode()).as(RegistryHttp.describe(mounted)).isEqualTo(201);
    assertThat(RegistryHttp.header(mounted, "Location")).isEqualTo("/v2/team/third/blobs/" + layer);
    assertThat(RegistryHttp.header(mounted, "Docker-Content-Digest")).isEqualTo(layer);
    HttpResponse<byte[]> fetched = http.get("/v2/team/third/blobs/" + layer);
    assertThat(fetched.statusCode()).as(RegistryHttp.describe(fetched)).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(Layouts.blob(src, layer));
  }

  @Test
  void pullingADeletedManifestFailsWithManifestUnknown() {
    Path src = tmp.resolve("src");
    Image image = pushFourLayerImage(src);

    HttpResponse<byte[]> deleted = http.delete("/v2/team/app/manifests/" + image.digest());
    assertThat(deleted.statusCode()).as(RegistryHttp.describe(deleted)).isEqualTo(202);

    Skopeo.Result inspected = skopeo.inspect(docker("team/app:v1"));
    assertThat(inspected.exitCode()).as(inspected.stderr()).isNotZero();
    assertThat(inspected.stderr()).containsIgnoringCase("manifest unknown");

    Skopeo.Result byDigest = skopeo.inspect(docker("team/app@" + image.digest()), "--raw");
    assertThat(byDigest.exitCode()).as(byDigest.stderr()).isNotZero();
    assertThat(byDigest.stderr()).containsIgnoringCase("manifest unknown");

    Skopeo.Result copied = skopeo.copy(docker("team/app:v1"), oci(tmp.resolve("out"), "v1"));
    assertThat(copied.exitCode()).as(copied.stderr()).isNotZero();
    assertThat(copied.stderr()).containsIgnoringCase("manifest unknown");
  }

  @Test
  void pushingToAMissingRepositoryFailsWithTheEcrMessage() {
    Path src = tmp.resolve("src");
    OciLayoutFixture.writeImage(src, "v1", 2, 64 * 1024, 3L);

    Skopeo.Result pushed = skopeo.copy(oci(src, "v1"), docker("missing/repo:v1"));

    assertThat(pushed.exitCode()).as(pushed.stderr()).isNotZero();
    assertThat(pushed.stderr())
        .containsIgnoringCase("name unknown")
        .contains(
            "The repository with name 'missing/repo' does not exist in the registry with id"
                + " '000000000000'");
    HttpResponse<byte[]> tags = http.get("/v2/missing/repo/tags/list");
    assertThat(tags.statusCode()).as(RegistryHttp.describe(tags)).isEqualTo(404);
  }

  @Test
  void listTagsShowsEveryPushedTag() {
    Path src = tmp.resolve("src");
    pushFourLayerImage(src);
    skopeo.copy(oci(src, "v1"), docker("team/app:v2")).orThrow();
    skopeo.copy(docker("team/app:v1"), docker("team/app:latest")).orThrow();

    JsonNode listed = Layouts.json(skopeo.listTags(docker("team/app")).orThrow().stdout());

    assertThat(listed.path("Repository").asText()).isEqualTo(node.hostPort() + "/team/app");
    assertThat(listed.path("Tags"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("latest", "v1", "v2");
  }
}
