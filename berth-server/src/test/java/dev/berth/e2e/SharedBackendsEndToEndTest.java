package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.model.AccountId;
import dev.berth.model.Repository;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.OciLayoutFixture.Image;
import dev.berth.testkit.S3TestServer;
import dev.berth.testkit.SharedBackends;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: two nodes, each with a data directory of its own, share one PostgreSQL database, one S3
 * bucket (S3Proxy) and one master key. The real skopeo pushes to one node and pulls from the other
 * byte for byte; a chunked upload opened on one node continues and completes on the other; a blob
 * GET is a redirect to a presigned URL of the bucket, and the bytes it gives are the blob.
 */
class SharedBackendsEndToEndTest {
  private static final int LAYER_BYTES = 300 * 1024;

  @TempDir Path tmp;

  private TestNode a;
  private TestNode b;

  @BeforeAll
  static void requireSkopeo() {
    SkopeoCli.requireInstalled();
  }

  @BeforeEach
  void startNodes() throws Exception {
    Map<String, String> shared = SharedBackends.config(tmp.resolve("master.key"));
    a = TestNode.start(tmp.resolve("a"), shared);
    b = TestNode.start(tmp.resolve("b"), shared);
  }

  @AfterEach
  void stopNodes() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private SkopeoCli skopeo(TestNode node, String dir) throws Exception {
    return SkopeoCli.isolatedIn(tmp.resolve(dir), node.hostPort(), node.registryToken());
  }

  @Test
  void pushedOnOneNode_pullsByteIdenticalFromTheOther() throws Exception {
    a.createRepository("team/app");
    Path src = tmp.resolve("src");
    Image image = OciLayoutFixture.writeImage(src, "v1", 3, LAYER_BYTES, 12L);
    skopeo(a, "skopeo-a")
        .copy("oci:" + src + ":v1", "docker://" + a.hostPort() + "/team/app:v1")
        .orThrow();

    Path out = tmp.resolve("out");
    SkopeoCli fromB = skopeo(b, "skopeo-b");
    fromB.copy("docker://" + b.hostPort() + "/team/app:v1", "oci:" + out + ":v1").orThrow();
    Layouts.assertSameBlobs(src, out, image.blobDigests());
    String raw =
        fromB.inspect("docker://" + b.hostPort() + "/team/app:v1", "--raw").orThrow().stdout();
    assertThat(Layouts.sha256(raw)).isEqualTo(image.digest());
  }

  @Test
  void blobGet_redirectsToAPresignedUrlOfTheBucket_headAnswersFromMetadata() throws Exception {
    a.createRepository("team/app");
    byte[] layer = OciLayoutFixture.class.getName().repeat(5000).getBytes(UTF8);
    String digest = Layouts.sha256(layer);
    RegistryHttp onA = new RegistryHttp(a.base(), a.basicAuth());
    onA.pushChunked("team/app", digest, layer, layer.length);

    RegistryHttp onB = new RegistryHttp(b.base(), b.basicAuth());
    HttpResponse<byte[]> head =
        onB.send(
            HttpRequest.newBuilder(onB.uri("/v2/team/app/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(RegistryHttp.header(head, "Content-Length")).isEqualTo(Long.toString(layer.length));

    HttpResponse<byte[]> get = onB.get("/v2/team/app/blobs/" + digest);
    assertThat(get.statusCode()).as(RegistryHttp.describe(get)).isEqualTo(307);
    URI location = URI.create(RegistryHttp.header(get, "Location"));
    assertThat(location.getPort()).isEqualTo(S3TestServer.get().endpoint().getPort());
    assertThat(location.getQuery()).contains("X-Amz-Signature=");
    HttpResponse<byte[]> fetched =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(location).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(layer);
  }

  @Test
  void chunkedUpload_openedOnOneNode_continuesAndCompletesOnTheOther() throws Exception {
    a.createRepository("team/app");
    // Two chunks of at least S3's 5 MiB part and a short last one.
    byte[] content = new byte[(11 << 20) + 123];
    new java.util.Random(5).nextBytes(content);
    String digest = Layouts.sha256(content);
    RegistryHttp onA = new RegistryHttp(a.base(), a.basicAuth());
    RegistryHttp onB = new RegistryHttp(b.base(), b.basicAuth());
    List<RegistryHttp> route = List.of(onA, onB, onA, onB);

    HttpResponse<byte[]> started = onA.post("/v2/team/app/blobs/uploads/");
    assertThat(started.statusCode()).isEqualTo(202);
    String location = RegistryHttp.header(started, "Location");
    int chunk = 5 << 20;
    int step = 0;
    for (int offset = 0; offset < content.length; offset += chunk, step++) {
      int end = Math.min(content.length, offset + chunk);
      RegistryHttp node = route.get(step % route.size());
      location = node.patchChunk(location, content, offset, end);
    }
    RegistryHttp last = route.get(step % route.size());
    String separator = location.contains("?") ? "&" : "?";
    HttpResponse<byte[]> completed =
        last.send(
            HttpRequest.newBuilder(last.uri(location + separator + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(completed.statusCode()).as(RegistryHttp.describe(completed)).isEqualTo(201);

    HttpResponse<byte[]> redirect = onA.get("/v2/team/app/blobs/" + digest);
    assertThat(redirect.statusCode()).isEqualTo(307);
    HttpResponse<byte[]> fetched =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(RegistryHttp.header(redirect, "Location")))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(Layouts.sha256(fetched.body())).isEqualTo(digest);
  }

  /**
   * A repository policy set and then deleted on node A is enforced by node B as soon as B's event
   * relay reads the change from the outbox (it polls every {@code EventRelay.INTERVAL}, 250 ms),
   * well before its caches' time to live ({@code RepositoryAccess.TTL}, 5 s) would have dropped
   * them: another account's root pulls through B once A allows it and is refused once A takes the
   * grant away. Prints the delays it measured.
   */
  @Test
  void repositoryPolicyChangedOnOneNode_isEnforcedByTheOther() throws Exception {
    Repository repo = a.createRepository("shared/app");
    String index = "application/vnd.oci.image.index.v1+json";
    byte[] body =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + index + "\",\"manifests\":[]}").getBytes(UTF8);
    RegistryHttp onA = new RegistryHttp(a.base(), a.basicAuth());
    assertThat(onA.putManifest("shared/app", "v1", index, body).statusCode()).isEqualTo(201);
    RegistryHttp fromB = new RegistryHttp(b.base(), b.basicAuth(new AccountId("222233334444")));
    java.util.function.IntSupplier pull =
        () ->
            fromB
                .send(
                    HttpRequest.newBuilder(fromB.uri("/v2/shared/app/manifests/v1"))
                        .header("Accept", index)
                        .GET())
                .statusCode();
    assertThat(pull.getAsInt()).as("no repository policy").isEqualTo(403);

    a.berth()
        .services()
        .repositories()
        .setPolicy(
            repo,
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::222233334444:root\"},"
                + "\"Action\":[\"ecr:BatchGetImage\"]}]}");
    long allowed = Polling.millisUntil(pull, 200);
    a.berth().services().repositories().deletePolicy(repo);
    long refused = Polling.millisUntil(pull, 403);
    System.out.printf(
        "cross-node policy delay: grant seen by node B after %d ms, revocation after %d ms%n",
        allowed, refused);
    // Well under the caches' 5 s: the relay's poll, the lookups, and slack for a loaded machine.
    long bound = dev.berth.events.EventRelay.INTERVAL.toMillis() + 2_250;
    assertThat(bound).isLessThan(dev.berth.authz.RepositoryAccess.TTL.toMillis());
    assertThat(allowed).as("grant enforced after the relay's poll").isLessThanOrEqualTo(bound);
    assertThat(refused).as("revocation enforced after the relay's poll").isLessThanOrEqualTo(bound);
  }

  /** A browser signed in through node A is signed in on node B: the session is in the database. */
  @Test
  void browserSession_startedOnOneNode_servesOnTheOther() throws Exception {
    a.createRepository("team/browsed");
    UiHttp onA =
        UiHttp.signIn(a.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    assertThat(onA.page("/ui/repositories")).contains("team/browsed");
    assertThat(onA.at(b.base()).page("/ui/repositories")).contains("team/browsed");
  }

  private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;
}
