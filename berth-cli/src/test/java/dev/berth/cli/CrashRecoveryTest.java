package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a server in the middle of concurrent pushes, then a restart: everything the server
 * acknowledged is intact, and no half-written blob is ever served or stored under a digest.
 *
 * <p>Issue 9, item 22: every pusher's future is checked, so an exception in a pusher (other than
 * the connection failures the kill causes) fails the test, and each round must acknowledge images
 * of its own.
 */
class CrashRecoveryTest {
  private static final String EMPTY_CONFIG = "{}";
  private static final int PUSHERS = 6;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private String authorization = "";

  /** What the server acknowledged with 201, by digest: blobs' bytes and manifests' bytes. */
  private final Map<Digest, byte[]> ackedBlobs = new ConcurrentHashMap<>();

  private final Map<String, byte[]> ackedManifests = new ConcurrentHashMap<>();
  private final Map<Digest, Boolean> attemptedBlobs = new ConcurrentHashMap<>();

  @Test
  void killDuringPushes_keepsEveryAcknowledgedImageIntact() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    assertThat(
            ServerProcess.launch(
                    log, "admin", "create-repository", "--data", data.toString(), "crash/test")
                .waitFor())
        .isZero();
    for (int round = 0; round < 2; round++) {
      ServerProcess server = ServerProcess.start(data, log);
      if (authorization.isEmpty()) {
        authorization = loginPassword(data);
      }
      pushUntilKilled(server, round, 1500 + round * 700L);
      String prefix = "r" + round + "-";
      assertThat(ackedManifests.keySet().stream().filter(tag -> tag.startsWith(prefix)))
          .as("round %d acknowledged some images", round)
          .isNotEmpty();
    }
    try (ServerProcess server = ServerProcess.start(data, log)) {
      for (Map.Entry<Digest, byte[]> e : ackedBlobs.entrySet()) {
        HttpResponse<byte[]> r = get(server.uri("/v2/crash/test/blobs/" + e.getKey()));
        assertThat(r.statusCode()).as("acknowledged blob %s", e.getKey()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(e.getValue());
      }
      for (Map.Entry<String, byte[]> e : ackedManifests.entrySet()) {
        HttpResponse<byte[]> r = get(server.uri("/v2/crash/test/manifests/" + e.getKey()));
        assertThat(r.statusCode()).as("acknowledged tag %s", e.getKey()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(e.getValue());
      }
      for (Digest d : attemptedBlobs.keySet()) {
        HttpResponse<byte[]> r = get(server.uri("/v2/crash/test/blobs/" + d));
        if (r.statusCode() == 200) {
          assertThat(sha256(r.body())).as("served blob matches its digest").isEqualTo(d);
        } else {
          assertThat(r.statusCode()).isEqualTo(404);
        }
      }
    }
    try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(sha256(Files.readAllBytes(f)).hex())
            .as("stored blob file %s holds exactly its digest's bytes", f)
            .isEqualTo(f.getFileName().toString());
      }
    }
  }

  private void pushUntilKilled(ServerProcess server, int round, long killAfterMillis)
      throws Exception {
    Digest config =
        pushBlob(server, EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8), new Random(0))
            .orElseThrow();
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(PUSHERS);
    List<Future<?>> pushers = new ArrayList<>();
    for (int t = 0; t < PUSHERS; t++) {
      int thread = t;
      pushers.add(
          pool.submit(
              () -> {
                Random random = new Random(round * 100L + thread);
                for (int i = 0; !killed.get(); i++) {
                  try {
                    byte[] layer = new byte[50_000 + random.nextInt(1_500_000)];
                    random.nextBytes(layer);
                    Optional<Digest> blob = pushBlob(server, layer, random);
                    if (blob.isPresent()) {
                      pushManifest(
                          server,
                          "r" + round + "-t" + thread + "-" + i,
                          config,
                          blob.get(),
                          layer.length);
                    }
                  } catch (IOException e) {
                    if (!killed.get()) {
                      throw new UncheckedIOException("pusher failed before the kill", e);
                    }
                    return null;
                  }
                }
                return null;
              }));
    }
    Thread.sleep(killAfterMillis);
    killed.set(true);
    server.kill();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    for (Future<?> pusher : pushers) {
      pusher.get(); // rethrows, as ExecutionException, whatever a pusher threw
    }
  }

  /** Pushes in one to three chunks; returns the digest only if the server answered 201. */
  private Optional<Digest> pushBlob(ServerProcess server, byte[] content, Random random)
      throws IOException, InterruptedException {
    Digest digest = sha256(content);
    attemptedBlobs.put(digest, Boolean.TRUE);
    HttpResponse<Void> start =
        http.send(
            request(server.uri("/v2/crash/test/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (start.statusCode() != 202) {
      return Optional.empty();
    }
    URI location = server.uri(start.headers().firstValue("Location").orElseThrow());
    int chunks = 1 + random.nextInt(3);
    int chunkSize = Math.max(1, content.length / chunks);
    int offset = 0;
    while (offset < content.length - chunkSize) {
      HttpResponse<Void> patch =
          http.send(
              request(location)
                  .method(
                      "PATCH", HttpRequest.BodyPublishers.ofByteArray(content, offset, chunkSize))
                  .header("Content-Type", "application/octet-stream")
                  .header("Content-Range", offset + "-" + (offset + chunkSize - 1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (patch.statusCode() != 202) {
        return Optional.empty();
      }
      location = server.uri(patch.headers().firstValue("Location").orElseThrow());
      offset += chunkSize;
    }
    HttpResponse<Void> put =
        http.send(
            request(URI.create(location + "?digest=" + digest))
                .PUT(
                    HttpRequest.BodyPublishers.ofByteArray(
                        content, offset, content.length - offset))
                .header("Content-Type", "application/octet-stream")
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (put.statusCode() != 201) {
      return Optional.empty();
    }
    ackedBlobs.put(digest, content);
    return Optional.of(digest);
  }

  private void pushManifest(
      ServerProcess server, String tag, Digest config, Digest layer, long size)
      throws IOException, InterruptedException {
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + config
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
            + "\"digest\":\""
            + layer
            + "\",\"size\":"
            + size
            + "}]}";
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    HttpResponse<Void> r =
        http.send(
            request(server.uri("/v2/crash/test/manifests/" + tag))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() == 201) {
      ackedManifests.put(tag, bytes);
    }
  }

  private HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
    return http.send(request(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", authorization);
  }

  /** {@code Basic AWS:<token>} from {@code berth admin login-password}. */
  private String loginPassword(Path data) throws Exception {
    Path out = dir.resolve("password.txt");
    Process p = ServerProcess.launch(out, "admin", "login-password", "--data", data.toString());
    assertThat(p.waitFor()).isZero();
    String token =
        Files.readAllLines(out).stream()
            .map(String::trim)
            .filter(l -> l.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
            .findFirst()
            .orElseThrow();
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(("AWS:" + token.trim()).getBytes(StandardCharsets.UTF_8));
  }

  private static Digest sha256(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }
}
