package dev.berth.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.OciLayoutFixture.Image;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes an image with a plain HTTP client using chunked uploads (POST, several PATCH with {@code
 * Content-Range}, PUT with the digest), then pulls it with the real {@code skopeo} and compares
 * digests and bytes. Skopeo must be installed; this test fails rather than skips without it.
 */
class ChunkedPushEndToEndTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir Path tmp;

  private TestNode node;

  @BeforeAll
  static void requireSkopeo() {
    SkopeoCli.requireInstalled();
  }

  @BeforeEach
  void startNode() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void chunkedPushIsPulledBackByteForByteBySkopeo() throws Exception {
    node.createRepository("team/app");
    Path src = tmp.resolve("src");
    Image image = OciLayoutFixture.writeImage(src, "v1", 4, 200 * 1024, 11L);
    byte[] manifest = Layouts.blob(src, image.digest());
    List<String> blobs = Layouts.referencedBlobs(manifest);
    assertThat(blobs).hasSize(5);

    RegistryHttp http = new RegistryHttp(node.base(), node.basicAuth());
    int chunks = 0;
    for (String digest : blobs) {
      chunks += http.pushChunked("team/app", digest, Layouts.blob(src, digest), CHUNK);
    }
    // Each 200 KiB layer is 4 chunks of at most 64 KiB; the config is one.
    assertThat(chunks).isEqualTo(4 * 4 + 1);

    HttpResponse<byte[]> put =
        http.putManifest("team/app", "v1", OciLayoutFixture.MANIFEST_MEDIA_TYPE, manifest);
    assertThat(put.statusCode()).as(RegistryHttp.describe(put)).isEqualTo(201);
    assertThat(RegistryHttp.header(put, "Docker-Content-Digest")).isEqualTo(image.digest());

    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
    String remote = "docker://" + node.hostPort() + "/team/app:v1";
    Path out = tmp.resolve("out");
    skopeo.copy(remote, "oci:" + out + ":v1").orThrow();

    for (String reference : List.of(remote, "oci:" + out + ":v1")) {
      String raw = skopeo.inspect(reference, "--raw").orThrow().stdout();
      assertThat(Layouts.sha256(raw)).as("sha256 of %s", reference).isEqualTo(image.digest());
      assertThat(raw).isEqualTo(new String(manifest, UTF_8));
      assertThat(Layouts.json(skopeo.inspect(reference).orThrow().stdout()).path("Digest").asText())
          .as("skopeo inspect %s", reference)
          .isEqualTo(image.digest());
    }
    Layouts.assertSameBlobs(src, out, image.blobDigests());
  }
}
