package dev.berth.app;

import static dev.berth.app.ObservedHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@code /healthz} answers while the process serves; {@code /readyz} only while the
 * metadata store and the blob store can be reached, naming the check that failed.
 */
class HealthEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static JsonNode ready(TestNode node, int status) throws Exception {
    HttpResponse<byte[]> r = get(node.base().resolve("/readyz"));
    assertThat(r.statusCode()).as(ObservedHttp.text(r)).isEqualTo(status);
    assertThat(get(node.base().resolve("/healthz")).statusCode())
        .as("alive whatever the stores do")
        .isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void blobDirectoryGoneOrNotADirectory_isNotReady_untilItIsBack() throws Exception {
    Path data = tmp.resolve("node");
    try (TestNode node = TestNode.start(data)) {
      JsonNode ok = ready(node, 200);
      assertThat(ok.path("status").asText()).isEqualTo("ok");
      assertThat(ok.path("passed").toString()).isEqualTo("[\"metadata\",\"blob-store\"]");

      Files.delete(data.resolve("blobs"));
      JsonNode gone = ready(node, 503);
      assertThat(gone.path("status").asText()).isEqualTo("unavailable");
      assertThat(gone.path("failed").path("blob-store").asText()).contains("blobs");
      assertThat(gone.path("passed").toString()).isEqualTo("[\"metadata\"]");
      Files.createDirectory(data.resolve("blobs"));
      ready(node, 200);

      // Not writable: staging cannot create a file (root ignores permission bits, so a file
      // stands where the directory should be).
      Files.delete(data.resolve("uploads"));
      Files.writeString(data.resolve("uploads"), "not a directory");
      assertThat(ready(node, 503).path("failed").has("blob-store")).isTrue();
      Files.delete(data.resolve("uploads"));
      Files.createDirectory(data.resolve("uploads"));
      ready(node, 200);
    }
  }

  @Test
  void metadataStoreClosed_isNotReady() throws Exception {
    try (TestNode node = TestNode.start(tmp.resolve("node"))) {
      ready(node, 200);
      node.berth().services().meta().close();
      JsonNode closed = ready(node, 503);
      assertThat(closed.path("failed").has("metadata")).isTrue();
      assertThat(closed.path("failed").has("blob-store")).isFalse();
    }
  }
}
