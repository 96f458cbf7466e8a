package dev.berth.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal upstream registry on loopback for one repository: serves one manifest under a tag and
 * its digest, and blobs; one blob can be held after its first half until {@link #release()}, or
 * corrupted (the right length, wrong bytes). Counts the requests per path.
 */
final class StubUpstream implements AutoCloseable {
  private final HttpServer server;
  private final String repository;
  private final String tag;
  private final String mediaType;
  private final byte[] manifest;
  private final String manifestDigest;
  private final Map<String, byte[]> blobs;
  private final String special;
  private final boolean hold;
  private final boolean corrupt;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean specialSent;

  /**
   * @param special the digest of the blob to hold ({@code hold}) and/or corrupt ({@code corrupt})
   */
  StubUpstream(
      String repository,
      String tag,
      String mediaType,
      byte[] manifest,
      Map<String, byte[]> blobs,
      String special,
      boolean hold,
      boolean corrupt)
      throws IOException {
    this.repository = repository;
    this.tag = tag;
    this.mediaType = mediaType;
    this.manifest = manifest.clone();
    this.manifestDigest = Layouts.sha256(manifest);
    this.blobs = Map.copyOf(blobs);
    this.special = special;
    this.hold = hold;
    this.corrupt = corrupt;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v2/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests made for the path (e.g. {@code /v2/app/blobs/sha256:...}). */
  int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  /** Lets the held blob's second half go. */
  void release() {
    released.countDown();
  }

  /** Whether the special blob has been sent in full. */
  boolean specialSent() {
    return specialSent;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    String prefix = "/v2/" + repository + "/";
    try (ex) {
      if ("/v2/".equals(path)) {
        send(ex, "application/json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else if (path.equals(prefix + "manifests/" + tag)
          || path.equals(prefix + "manifests/" + manifestDigest)) {
        ex.getResponseHeaders().add("Docker-Content-Digest", manifestDigest);
        send(ex, mediaType, manifest);
      } else if (path.startsWith(prefix + "blobs/") && blobs.containsKey(blobDigest(path))) {
        String digest = blobDigest(path);
        byte[] bytes = blobs.getOrDefault(digest, new byte[0]);
        if (digest.equals(special)) {
          sendSpecial(ex, bytes);
        } else {
          send(ex, "application/octet-stream", bytes);
        }
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    }
  }

  private static String blobDigest(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(200, head ? -1 : body.length);
    if (!head) {
      ex.getResponseBody().write(body);
    }
  }

  private void sendSpecial(HttpExchange ex, byte[] bytes) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
    ex.sendResponseHeaders(200, bytes.length);
    byte[] out = bytes.clone();
    if (corrupt) {
      for (int i = out.length / 2; i < out.length; i++) {
        out[i] ^= 0x5a;
      }
    }
    OutputStream body = ex.getResponseBody();
    int half = out.length / 2;
    body.write(out, 0, half);
    body.flush();
    if (hold) {
      try {
        released.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    body.write(out, half, out.length - half);
    body.flush();
    specialSent = true;
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
