package dev.berth.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first pull through the cache streams to the client while the blob arrives from the upstream (a
 * stub on loopback that can hold a blob half sent, or corrupt it), with one upstream fetch for any
 * number of clients, and nothing stored unless it matched its digest.
 */
class PullThroughStreamingTest {
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final int LAYER_BYTES = 1024 * 1024;
  private static final int EARLY_BYTES = 256 * 1024;

  @TempDir Path tmp;
  private TestNode node;
  private @Nullable StubUpstream stub;
  private final HttpClient http = HttpClient.newHttpClient();
  private final byte[] layer = new byte[LAYER_BYTES];
  private final byte[] config =
      "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
          .getBytes(UTF_8);
  private byte[] manifest = new byte[0];
  private String layerDigest = "";
  private String configDigest = "";

  @BeforeEach
  void start() throws Exception {
    new Random(42).nextBytes(layer);
    layerDigest = Layouts.sha256(layer);
    configDigest = Layouts.sha256(config);
    manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST_TYPE
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + configDigest
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\""
                + layerDigest
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(UTF_8);
    node = TestNode.start(tmp.resolve("node"));
  }

  @AfterEach
  void stop() {
    StubUpstream up = stub;
    if (up != null) {
      up.close();
    }
    node.close();
  }

  private StubUpstream upstream(boolean hold, boolean corrupt) throws IOException {
    StubUpstream up =
        new StubUpstream(
            "app",
            "v1",
            MANIFEST_TYPE,
            manifest,
            Map.of(layerDigest, layer, configDigest, config),
            layerDigest,
            hold,
            corrupt);
    stub = up;
    node.berth()
        .services()
        .pullThrough()
        .rules()
        .create(
            home(),
            "stub",
            up.url().toString(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return up;
  }

  @Test
  void twoClients_streamAHalfSentBlob_fromOneUpstreamFetch_thenItIsServedWithTheUpstreamGone()
      throws Exception {
    StubUpstream stub = upstream(true, false);
    HttpResponse<InputStream> first = get("/v2/stub/app/blobs/" + layerDigest);
    HttpResponse<InputStream> second = get("/v2/stub/app/blobs/" + layerDigest);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(LAYER_BYTES);

    byte[] early = readWithin(first.body(), EARLY_BYTES);
    byte[] early2 = readWithin(second.body(), EARLY_BYTES);
    assertThat(stub.specialSent()).as("the upstream still holds the second half").isFalse();
    assertThat(early).isEqualTo(Arrays.copyOf(layer, EARLY_BYTES));
    assertThat(early2).isEqualTo(early);

    CompletableFuture<HttpResponse<byte[]>> ranged =
        http.sendAsync(
            HttpRequest.newBuilder(request("/v2/stub/app/blobs/" + layerDigest), (n, v) -> true)
                .header("Range", "bytes=1000-1999")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    stub.release();
    HttpResponse<byte[]> part = ranged.get(20, TimeUnit.SECONDS);
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(layer, 1000, 2000));
    assertThat(concat(early, readWithin(first.body(), LAYER_BYTES - EARLY_BYTES))).isEqualTo(layer);
    assertThat(concat(early2, readWithin(second.body(), LAYER_BYTES - EARLY_BYTES)))
        .isEqualTo(layer);
    assertThat(stub.requests("/v2/app/blobs/" + layerDigest)).as("upstream fetches").isEqualTo(1);

    HttpResponse<byte[]> m = getBytes("/v2/stub/app/manifests/v1");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).isEqualTo(manifest);
    assertThat(m.headers().firstValue("Docker-Content-Digest")).hasValue(Layouts.sha256(manifest));
    assertThat(m.headers().firstValue("Content-Type")).hasValue(MANIFEST_TYPE);
    Polling.millisUntil(() -> stored(Layouts.sha256(manifest)) ? 1 : 0, 1);
    assertThat(stub.requests("/v2/app/blobs/" + layerDigest)).isEqualTo(1);
    assertThat(spoolFiles()).isEmpty();

    stub.close();
    node.clock().advance(Duration.ofHours(25));
    assertThat(getBytes("/v2/stub/app/manifests/v1").body()).isEqualTo(manifest);
    assertThat(getBytes("/v2/stub/app/manifests/" + Layouts.sha256(manifest)).body())
        .isEqualTo(manifest);
    assertThat(getBytes("/v2/stub/app/blobs/" + layerDigest).body()).isEqualTo(layer);
    assertThat(getBytes("/v2/stub/app/blobs/" + configDigest).body()).isEqualTo(config);
  }

  @Test
  void aClientAfterTheManifest_followsTheBackgroundImportsDownload() throws Exception {
    StubUpstream stub = upstream(true, false);
    HttpResponse<byte[]> m = getBytes("/v2/stub/app/manifests/v1");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).isEqualTo(manifest);
    Polling.millisUntil(() -> stub.requests("/v2/app/blobs/" + layerDigest), 1);
    assertThat(stored(Layouts.sha256(manifest))).as("stored before its layer").isFalse();

    HttpResponse<InputStream> blob = get("/v2/stub/app/blobs/" + layerDigest);
    assertThat(blob.statusCode()).isEqualTo(200);
    byte[] early = readWithin(blob.body(), EARLY_BYTES);
    assertThat(stub.specialSent()).isFalse();
    stub.release();
    assertThat(concat(early, readWithin(blob.body(), LAYER_BYTES - EARLY_BYTES))).isEqualTo(layer);
    Polling.millisUntil(() -> stored(Layouts.sha256(manifest)) ? 1 : 0, 1);
    assertThat(stub.requests("/v2/app/blobs/" + layerDigest)).as("upstream fetches").isEqualTo(1);
    assertThat(stub.requests("/v2/app/manifests/v1")).isEqualTo(1);
  }

  @Test
  void anUpstreamSendingWrongBytes_failsTheClientsStream_andStoresNeitherBlobNorManifest()
      throws Exception {
    StubUpstream stub = upstream(false, true);
    assertThat(fullBody("/v2/stub/app/blobs/" + layerDigest))
        .as("a complete 200 response with the blob's length")
        .isEmpty();
    Polling.millisUntil(() -> spoolFiles().isEmpty() ? 1 : 0, 1);
    assertThat(linked(layerDigest)).isFalse();

    HttpResponse<byte[]> m = getBytes("/v2/stub/app/manifests/v1");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).isEqualTo(manifest);
    Polling.millisUntil(() -> stub.requests("/v2/app/blobs/" + layerDigest) == 2 ? 1 : 0, 1);
    Polling.millisUntil(() -> spoolFiles().isEmpty() ? 1 : 0, 1);
    assertThat(linked(layerDigest)).isFalse();
    assertThat(stored(Layouts.sha256(manifest))).as("manifest stored").isFalse();
    assertThat(node.berth().services().manifests().tagged(repo(), new dev.berth.model.Tag("v1")))
        .isEmpty();
  }

  private RegistryId home() {
    return node.berth().config().registry().home();
  }

  private Repository repo() {
    return node.berth().services().repositories().get(home(), RepositoryService.name("stub/app"));
  }

  private boolean stored(String digest) {
    return node.berth().services().manifests().exists(repo(), Digest.of(digest));
  }

  private boolean linked(String digest) {
    try {
      node.berth().services().blobs().stat(repo(), Digest.of(digest));
      return true;
    } catch (RegistryException e) {
      return false;
    }
  }

  private java.util.List<Path> spoolFiles() {
    try (Stream<Path> files = Files.list(tmp.resolve("node").resolve("pull-through-spool"))) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(node.base() + path))
        .header("Authorization", node.basicAuth())
        .header("Accept", MANIFEST_TYPE)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private HttpResponse<InputStream> get(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpResponse<byte[]> getBytes(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The body of a complete 200 response, else empty (an error status or a broken stream). */
  private Optional<byte[]> fullBody(String path) throws InterruptedException {
    try {
      HttpResponse<byte[]> r = getBytes(path);
      return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] readWithin(InputStream in, int n) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.readNBytes(n);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .get(20, TimeUnit.SECONDS);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
