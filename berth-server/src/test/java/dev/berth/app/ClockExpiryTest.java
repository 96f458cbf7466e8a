package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry rules on the node's own clock, moved forward by the test instead of waited for (issue 9,
 * item 24): a registry token lasts 12 hours, an idle upload session is purged after the configured
 * {@code upload-expiry}.
 */
class ClockExpiryTest {
  @TempDir Path dir;
  private TestNode node;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private HttpResponse<String> send(String method, String pathOrUri, String authorization)
      throws IOException, InterruptedException {
    URI uri = node.base().resolve(pathOrUri);
    return http.send(
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", authorization)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void registryToken_isAcceptedForTwelveHoursAndThenRejectedAsExpired() throws Exception {
    String auth = node.basicAuth();
    assertThat(send("GET", "/v2/", auth).statusCode()).isEqualTo(200);
    node.clock().advance(Duration.ofHours(12).minusMinutes(1));
    assertThat(send("GET", "/v2/", auth).statusCode()).as("11 h 59 min later").isEqualTo(200);
    node.clock().advance(Duration.ofMinutes(2));
    HttpResponse<String> late = send("GET", "/v2/", auth);
    assertThat(late.statusCode()).as("12 h 1 min later").isEqualTo(401);
    assertThat(late.body()).contains("UNAUTHORIZED").contains("expired");
    assertThat(send("GET", "/v2/", node.basicAuth()).statusCode())
        .as("a token issued now works")
        .isEqualTo(200);
  }

  @Test
  void idleUpload_isPurgedOnlyAfterTheUploadExpiry() throws Exception {
    node.createRepository("team/app");
    String auth = node.basicAuth();
    HttpResponse<String> started = send("POST", "/v2/team/app/blobs/uploads/", auth);
    assertThat(started.statusCode()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    Duration expiry = node.berth().config().storage().uploadExpiry();

    node.clock().advance(expiry.minusMinutes(1));
    assertThat(node.berth().services().uploads().purgeIdle(expiry)).isZero();
    assertThat(send("GET", location, node.basicAuth()).statusCode())
        .as("not yet idle for the expiry")
        .isEqualTo(204);

    node.clock().advance(Duration.ofMinutes(2));
    assertThat(node.berth().services().uploads().purgeIdle(expiry)).isPositive();
    HttpResponse<String> gone = send("GET", location, node.basicAuth());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("BLOB_UPLOAD_UNKNOWN");
  }
}
