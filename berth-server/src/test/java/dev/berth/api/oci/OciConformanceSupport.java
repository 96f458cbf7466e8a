package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.app.TestNode;
import dev.berth.model.ImageTagMutability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One real node per test class, on an ephemeral port over a temporary directory, with the pushes
 * most tests start from. Each test makes its own repositories, so tests do not see each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OciConformanceSupport {
  private static final AtomicInteger REPOS = new AtomicInteger();

  Path dir;
  TestNode node;
  OciHttp http;

  @BeforeAll
  void startNode() throws Exception {
    dir = Files.createTempDirectory("berth-conformance-");
    node = TestNode.start(dir);
    http = new OciHttp(node.base(), Optional.of(node.basicAuth()));
  }

  @AfterAll
  void stopNode() throws IOException {
    try {
      http.close();
      node.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(OciConformanceSupport::deleteQuietly);
      }
    }
  }

  /** Stops the node and starts a new one over the same data directory. */
  void restartNode() throws Exception {
    http.close();
    node.close();
    node = TestNode.start(dir);
    http = new OciHttp(node.base(), Optional.of(node.basicAuth()));
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a repository with a name unique to this run, starting with {@code hint}. */
  String newRepo(String hint) {
    return newRepo(hint, ImageTagMutability.MUTABLE);
  }

  String newRepo(String hint, ImageTagMutability mutability) {
    String name = hint.toLowerCase(Locale.ROOT) + "-" + REPOS.incrementAndGet();
    node.createRepository(name, mutability);
    return name;
  }

  /** Pushes a blob with a single POST and checks it was created. */
  void pushBlob(String repo, Blob blob) {
    Reply r =
        http.post(
            "/v2/" + repo + "/blobs/uploads/?digest=" + blob.digest(),
            blob.bytes(),
            "Content-Type",
            "application/octet-stream");
    assertThat(r.status()).as("push blob %s: %s", blob.digest(), r).isEqualTo(201);
  }

  Reply putManifest(String repo, String reference, String mediaType, byte[] body) {
    return http.put("/v2/" + repo + "/manifests/" + reference, body, "Content-Type", mediaType);
  }

  /** Pushes a manifest and checks it was created; returns its digest. */
  String pushManifest(String repo, String reference, String mediaType, byte[] body) {
    Reply r = putManifest(repo, reference, mediaType, body);
    assertThat(r.status()).as("push manifest: %s", r).isEqualTo(201);
    return OciFixtures.sha256(body);
  }

  /** Pushes a one-layer OCI image (blobs and manifest) under {@code tag}; returns its bytes. */
  byte[] pushImage(String repo, String tag) {
    Blob config = OciFixtures.config(repo + ":" + tag);
    Blob layer = Blob.random(64, (repo + tag).hashCode());
    pushBlob(repo, config);
    pushBlob(repo, layer);
    byte[] manifest = OciFixtures.bytes(OciFixtures.ociImage(config, layer));
    pushManifest(repo, tag, OciFixtures.OCI_MANIFEST, manifest);
    return manifest;
  }

  /**
   * Asserts the OCI error envelope {@code {"errors":[{"code","message",...}]}} with the given
   * status and first code; returns the first error.
   */
  static JsonNode assertError(Reply r, int status, String code) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).as("content type of %s", r).hasValue("application/json");
    assertThat(r.header("Docker-Distribution-API-Version"))
        .as("api version of %s", r)
        .hasValue("registry/2.0");
    JsonNode errors = r.json().get("errors");
    assertThat(errors).as("errors of %s", r).isNotNull();
    assertThat(errors.isArray() && !errors.isEmpty()).as("errors array of %s", r).isTrue();
    for (JsonNode e : errors) {
      assertThat(e.path("code").isTextual()).as("code of %s", r).isTrue();
      assertThat(e.path("message").isTextual()).as("message of %s", r).isTrue();
    }
    assertThat(errors.get(0).get("code").asText()).as("code of %s", r).isEqualTo(code);
    return errors.get(0);
  }

  /** Asserts that {@code repo} does not serve the blob. */
  void assertBlobUnknown(String repo, String digest) {
    assertError(http.get("/v2/" + repo + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    assertThat(http.head("/v2/" + repo + "/blobs/" + digest).status()).isEqualTo(404);
  }
}
