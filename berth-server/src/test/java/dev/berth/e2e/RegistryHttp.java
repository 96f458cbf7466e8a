package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** Plain {@link HttpClient} calls against a node's {@code /v2/} API, for the end-to-end tests. */
final class RegistryHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient client;
  private final String authorization;

  RegistryHttp(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The {@code Authorization} header value this client sends. */
  String authorization() {
    return authorization;
  }

  /** Resolves a path or a {@code Location} header value against the node. */
  URI uri(String pathOrLocation) {
    return base.resolve(pathOrLocation);
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(TIMEOUT).header("Authorization", authorization).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + request.build(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<byte[]> post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<byte[]> delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  HttpResponse<byte[]> putManifest(String repository, String reference, String type, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
            .header("Content-Type", type)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * Sends {@code content[offset, end)} as one {@code PATCH} with its {@code Content-Range} to the
   * upload at {@code location}; asserts the 202 and the {@code Range} it answers and returns the
   * {@code Location} for the next request.
   */
  String patchChunk(String location, byte[] content, int offset, int end) {
    HttpResponse<byte[]> patched =
        send(
            HttpRequest.newBuilder(uri(location))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", offset + "-" + (end - 1))
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofByteArray(
                        Arrays.copyOfRange(content, offset, end))));
    assertThat(patched.statusCode())
        .as("PATCH %d-%d: %s", offset, end - 1, describe(patched))
        .isEqualTo(202);
    assertThat(header(patched, "Range")).isEqualTo("0-" + (end - 1));
    return header(patched, "Location");
  }

  /**
   * Pushes {@code content} as a chunked upload: {@code POST} to open a session, one {@code PATCH}
   * with {@code Content-Range} per chunk of at most {@code chunkSize} bytes, each following the
   * {@code Location} the previous response gave, then {@code PUT ?digest=} without a body. Asserts
   * the status and headers of every step; returns how many chunks were sent.
   */
  int pushChunked(String repository, String digest, byte[] content, int chunkSize) {
    HttpResponse<byte[]> started = post("/v2/" + repository + "/blobs/uploads/");
    assertThat(started.statusCode()).as("POST upload: %s", describe(started)).isEqualTo(202);
    String location = header(started, "Location");
    int chunks = 0;
    for (int offset = 0; offset < content.length; offset += chunkSize) {
      int end = Math.min(content.length, offset + chunkSize);
      location = patchChunk(location, content, offset, end);
      chunks++;
    }
    HttpResponse<byte[]> status = get(location);
    assertThat(status.statusCode()).as("GET upload status: %s", describe(status)).isEqualTo(204);
    assertThat(header(status, "Range")).isEqualTo("0-" + (content.length - 1));

    String separator = location.contains("?") ? "&" : "?";
    HttpResponse<byte[]> completed =
        send(
            HttpRequest.newBuilder(uri(location + separator + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(completed.statusCode())
        .as("PUT ?digest=%s: %s", digest, describe(completed))
        .isEqualTo(201);
    assertThat(header(completed, "Docker-Content-Digest")).isEqualTo(digest);
    return chunks;
  }

  static String header(HttpResponse<?> response, String name) {
    return response
        .headers()
        .firstValue(name)
        .orElseThrow(() -> new AssertionError("no " + name + " header: " + describe(response)));
  }

  static String describe(HttpResponse<?> response) {
    Object body = response.body();
    String text =
        body instanceof byte[] bytes
            ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
            : String.valueOf(body);
    return response.request().method()
        + " "
        + response.uri()
        + " -> "
        + response.statusCode()
        + " "
        + response.headers().map()
        + " "
        + text;
  }
}
