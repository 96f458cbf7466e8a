package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A chunked upload to one node whose first chunk is stored and whose second PATCH sends part of its
 * body, then stalls until the node is gone.
 */
final class StalledPatch {
  private final byte[] content;
  private final int firstChunk;
  private final String location;
  private final CountDownLatch streaming = new CountDownLatch(1);
  private final CountDownLatch gone = new CountDownLatch(1);
  private final AtomicLong sent = new AtomicLong();
  private final CompletableFuture<HttpResponse<Void>> patch;

  private StalledPatch(RegistryHttp node, byte[] content, int firstChunk, String location) {
    this.content = content;
    this.firstChunk = firstChunk;
    this.location = location;
    int stallAt = firstChunk + (1 << 20);
    InputStream body =
        new InputStream() {
          private int position = firstChunk;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (position >= stallAt) {
              streaming.countDown();
              // Until the node is gone: its death fails the request under the client.
              try {
                gone.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IOException("stalled body ends");
            }
            int n = Math.min(len, stallAt - position);
            System.arraycopy(content, position, b, off, n);
            position += n;
            sent.addAndGet(n);
            return n;
          }
        };
    this.patch =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .sendAsync(
                HttpRequest.newBuilder(node.uri(location))
                    .header("Authorization", node.authorization())
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", firstChunk + "-" + (content.length - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
  }

  /** Opens the upload, stores the first chunk, and starts the second PATCH. */
  static StalledPatch open(RegistryHttp node, String repository, byte[] content, int firstChunk) {
    HttpResponse<byte[]> started = node.post("/v2/" + repository + "/blobs/uploads/");
    assertThat(started.statusCode()).as(RegistryHttp.describe(started)).isEqualTo(202);
    HttpResponse<byte[]> first =
        node.send(
            HttpRequest.newBuilder(node.uri(RegistryHttp.header(started, "Location")))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", "0-" + (firstChunk - 1))
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofByteArray(
                        Arrays.copyOfRange(content, 0, firstChunk))));
    assertThat(first.statusCode()).as(RegistryHttp.describe(first)).isEqualTo(202);
    return new StalledPatch(node, content, firstChunk, RegistryHttp.header(first, "Location"));
  }

  void awaitStreaming() throws InterruptedException {
    assertThat(streaming.await(30, TimeUnit.SECONDS))
        .as("the second PATCH started streaming")
        .isTrue();
  }

  long sent() {
    return sent.get();
  }

  /** How the PATCH ended once its node was killed (waits up to 30 s); null if it succeeded. */
  @Nullable Throwable failure() throws InterruptedException {
    gone.countDown();
    try {
      HttpResponse<Void> r = patch.get(30, TimeUnit.SECONDS);
      throw new AssertionError("the cut-off PATCH answered " + r.statusCode());
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the cut-off PATCH did not end", e);
    }
  }

  /**
   * Asks {@code via} where the session stands, sends the rest from there and completes; returns the
   * offset it resumed at.
   */
  long resumeAndComplete(RegistryHttp via) {
    HttpResponse<byte[]> status = via.get(location);
    assertThat(status.statusCode()).as(RegistryHttp.describe(status)).isEqualTo(204);
    String range = RegistryHttp.header(status, "Range");
    int resume = Integer.parseInt(range.substring(range.indexOf('-') + 1)) + 1;
    assertThat(resume).as("the session keeps what the first PATCH stored").isEqualTo(firstChunk);
    HttpResponse<byte[]> rest =
        via.send(
            HttpRequest.newBuilder(via.uri(RegistryHttp.header(status, "Location")))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", resume + "-" + (content.length - 1))
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofByteArray(
                        Arrays.copyOfRange(content, resume, content.length))));
    assertThat(rest.statusCode()).as(RegistryHttp.describe(rest)).isEqualTo(202);
    String next = RegistryHttp.header(rest, "Location");
    String digest = Layouts.sha256(content);
    HttpResponse<byte[]> done =
        via.send(
            HttpRequest.newBuilder(
                    via.uri(next + (next.contains("?") ? "&" : "?") + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(done.statusCode()).as(RegistryHttp.describe(done)).isEqualTo(201);
    return resume;
  }
}
