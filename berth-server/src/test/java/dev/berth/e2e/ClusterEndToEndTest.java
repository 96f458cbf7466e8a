package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.ForkedNode;
import dev.berth.app.TestNode;
import dev.berth.authz.RepositoryAccess;
import dev.berth.events.EventRelay;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.OciLayoutFixture.Image;
import dev.berth.testkit.SharedBackends;
import dev.berth.testkit.Skopeo;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "a cluster test with real parts": three Berth nodes, each a JVM of its own with a data
 * directory of its own, on one PostgreSQL database, one S3 bucket (S3Proxy) and one master key,
 * behind Debian's nginx as a round-robin load balancer; the real skopeo and aws CLI as clients.
 * Started once for the class. The last test kills a node with {@code SIGKILL} during concurrent
 * pushes; every push that was acknowledged must then pull byte-identical from every surviving node,
 * and every push that failed must succeed when retried through the balancer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {
  private static final int NODES = 3;
  private static final String ACCOUNT = "000000000000";
  private static final String INDEX = OciLayoutFixture.INDEX_MEDIA_TYPE;
  private static final String MANIFEST = OciLayoutFixture.MANIFEST_MEDIA_TYPE;

  @TempDir static Path tmp;

  private final List<ForkedNode> nodes = new ArrayList<>();
  private Nginx lb;
  private AwsCli aws;
  private String password;
  private SkopeoCli viaLb;

  @BeforeAll
  void startCluster() throws Exception {
    assumeTrue(Nginx.available(), "nginx is not installed at " + Nginx.BINARY);
    assumeTrue(Skopeo.available(), "skopeo is not on PATH");
    assumeTrue(onPath("aws"), "the aws CLI is not on PATH");
    long started = System.nanoTime();
    Map<String, String> shared = SharedBackends.config(tmp.resolve("master.key"));
    // The first node creates the schema and the master key; the others start together.
    nodes.add(ForkedNode.start(tmp.resolve("node1"), "256m", shared));
    ExecutorService starter = Executors.newFixedThreadPool(NODES - 1);
    try {
      List<Future<ForkedNode>> rest = new ArrayList<>();
      for (int i = 2; i <= NODES; i++) {
        Path dir = tmp.resolve("node" + i);
        rest.add(starter.submit(() -> ForkedNode.start(dir, "256m", shared)));
      }
      for (Future<ForkedNode> f : rest) {
        nodes.add(f.get());
      }
    } finally {
      starter.shutdown();
    }
    lb = Nginx.start(tmp.resolve("nginx"), nodes.stream().map(ForkedNode::port).toList());
    aws = new AwsCli(lb.base(), tmp);
    password = aws.loginPassword(aws.root());
    viaLb = SkopeoCli.isolatedIn(tmp.resolve("skopeo-lb"), lb.hostPort(), password);
    System.out.printf(
        "cluster: %d nodes on ports %s behind nginx on %d, started in %d ms%n",
        NODES,
        nodes.stream().map(ForkedNode::port).toList(),
        lb.port(),
        (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (lb != null) {
      lb.close();
    }
    for (ForkedNode n : nodes) {
      n.close();
    }
  }

  private static boolean onPath(String binary) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
  }

  private SkopeoCli skopeoOn(ForkedNode node, String dir) throws Exception {
    return SkopeoCli.isolatedIn(tmp.resolve(dir), node.hostPort(), password);
  }

  private void createRepository(String name) {
    aws.ok(aws.root(), "ecr", "create-repository", "--repository-name", name);
  }

  /** Requests per node of the access log lines containing {@code fragment}. */
  private Map<String, Long> upstreamsOf(String fragment) {
    return Nginx.upstreamCounts(lb.accessLog().stream().filter(l -> l.contains(fragment)).toList());
  }

  @Test
  @Order(1)
  void skopeoPushThroughTheBalancer_pullsByteIdenticalThroughItAndFromEveryNode() throws Exception {
    createRepository("team/app");
    Path src = tmp.resolve("a-src");
    Image image = OciLayoutFixture.writeImage(src, "v1", 3, 512 * 1024, 100L);
    viaLb.copy("oci:" + src + ":v1", "docker://" + lb.hostPort() + "/team/app:v1").orThrow();

    Path out = tmp.resolve("a-out-lb");
    viaLb.copy("docker://" + lb.hostPort() + "/team/app:v1", "oci:" + out + ":v1").orThrow();
    Layouts.assertSameBlobs(src, out, image.blobDigests());
    for (int i = 0; i < NODES; i++) {
      ForkedNode node = nodes.get(i);
      SkopeoCli direct = skopeoOn(node, "skopeo-node" + (i + 1));
      Path fromNode = tmp.resolve("a-out-node" + (i + 1));
      direct
          .copy("docker://" + node.hostPort() + "/team/app:v1", "oci:" + fromNode + ":v1")
          .orThrow();
      Layouts.assertSameBlobs(src, fromNode, image.blobDigests());
      String raw =
          direct
              .inspect("docker://" + node.hostPort() + "/team/app:v1", "--raw")
              .orThrow()
              .stdout();
      assertThat(Layouts.sha256(raw)).as("manifest from node %d", i + 1).isEqualTo(image.digest());
    }
    Map<String, Long> served = upstreamsOf("/v2/team/app/");
    System.out.println("cluster: requests of team/app per node through nginx: " + served);
    assertThat(served).as("round robin spreads one push and pull over the nodes").hasSize(NODES);
  }

  @Test
  @Order(2)
  void awsCliThroughTheBalancer_createsPutsDescribesAndGetsImages() throws Exception {
    JsonNode created =
        aws.ok(aws.root(), "ecr", "create-repository", "--repository-name", "team/cli")
            .path("repository");
    assertThat(created.path("repositoryUri").asText())
        .as("the URI names the balancer the client used, not a node")
        .isEqualTo(lb.hostPort() + "/team/cli");
    String proxy =
        aws.ok(aws.root(), "ecr", "get-authorization-token")
            .path("authorizationData")
            .path(0)
            .path("proxyEndpoint")
            .asText();
    assertThat(proxy).isEqualTo("http://" + lb.hostPort());

    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + INDEX
            + "\",\"manifests\":[],"
            + "\"annotations\":{\"test\":\"cluster\"}}";
    String digest =
        aws.ok(
                aws.root(),
                "ecr",
                "put-image",
                "--repository-name",
                "team/cli",
                "--image-tag",
                "v1",
                "--image-manifest",
                manifest)
            .path("image")
            .path("imageId")
            .path("imageDigest")
            .asText();
    assertThat(digest).isEqualTo(Layouts.sha256(manifest));
    // Each CLI call is a new connection: round robin sends them to different nodes.
    for (int i = 0; i < NODES; i++) {
      JsonNode details =
          aws.ok(aws.root(), "ecr", "describe-images", "--repository-name", "team/cli")
              .path("imageDetails");
      assertThat(details).hasSize(1);
      assertThat(details.path(0).path("imageDigest").asText()).isEqualTo(digest);
      assertThat(details.path(0).path("imageTags").path(0).asText()).isEqualTo("v1");
      JsonNode got =
          aws.ok(
              aws.root(),
              "ecr",
              "batch-get-image",
              "--repository-name",
              "team/cli",
              "--image-ids",
              "imageTag=v1");
      assertThat(got.path("images").path(0).path("imageManifest").asText()).isEqualTo(manifest);
    }
    Map<String, Long> served = upstreamsOf("POST / ");
    System.out.println("cluster: ECR API calls per node through nginx: " + served);
    assertThat(served).hasSize(NODES);
  }

  @Test
  @Order(3)
  void chunkedUpload_patchesOnDifferentNodes_completesThroughTheBalancer() throws Exception {
    createRepository("team/chunked");
    // Two chunks of S3's 5 MiB minimum part and a short last one.
    byte[] content = new byte[(10 << 20) + 4321];
    new Random(3).nextBytes(content);
    String digest = Layouts.sha256(content);
    String auth = TestNode.basic(password);
    List<RegistryHttp> direct = new ArrayList<>();
    for (ForkedNode n : nodes) {
      direct.add(new RegistryHttp(n.base(), auth));
    }
    RegistryHttp balanced = new RegistryHttp(lb.base(), auth);

    HttpResponse<byte[]> started = direct.get(0).post("/v2/team/chunked/blobs/uploads/");
    assertThat(started.statusCode()).as(RegistryHttp.describe(started)).isEqualTo(202);
    String location = RegistryHttp.header(started, "Location");
    int chunk = 5 << 20;
    int step = 0;
    for (int offset = 0; offset < content.length; offset += chunk, step++) {
      int end = Math.min(content.length, offset + chunk);
      // node 2, node 3, node 1
      RegistryHttp node = direct.get((step + 1) % NODES);
      location = node.patchChunk(location, content, offset, end);
    }
    assertThat(step).isEqualTo(3);
    String separator = location.contains("?") ? "&" : "?";
    HttpResponse<byte[]> completed =
        balanced.send(
            HttpRequest.newBuilder(balanced.uri(location + separator + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(completed.statusCode()).as(RegistryHttp.describe(completed)).isEqualTo(201);
    assertThat(RegistryHttp.header(completed, "Location"))
        .isEqualTo("/v2/team/chunked/blobs/" + digest);

    assertThat(blobThrough(balanced, "team/chunked", digest)).isEqualTo(content);
    for (RegistryHttp node : direct) {
      HttpResponse<byte[]> head =
          node.send(
              HttpRequest.newBuilder(node.uri("/v2/team/chunked/blobs/" + digest))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(RegistryHttp.header(head, "Content-Length"))
          .isEqualTo(Integer.toString(content.length));
    }
  }

  /**
   * A repository policy set with the aws CLI on node 1 is enforced by node 2 once node 2's event
   * relay reads the change from the outbox (every {@code EventRelay.INTERVAL}), well within its
   * caches' time to live ({@code RepositoryAccess.TTL}); so is its deletion. The grant names an IAM
   * user of the same account whose own policy allows nothing but {@code ecr:GetAuthorizationToken}.
   */
  @Test
  @Order(4)
  void repositoryPolicySetOnOneNode_isEnforcedByAnotherOnceItsRelayReadsTheOutbox()
      throws Exception {
    createRepository("shared/app");
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[]}";
    aws.ok(
        aws.root(),
        "ecr",
        "put-image",
        "--repository-name",
        "shared/app",
        "--image-tag",
        "v1",
        "--image-manifest",
        manifest);
    aws.ok(aws.root(), "iam", "create-user", "--user-name", "puller");
    aws.ok(
        aws.root(),
        "iam",
        "put-user-policy",
        "--user-name",
        "puller",
        "--policy-name",
        "login-only",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}]}");
    JsonNode key =
        aws.ok(aws.root(), "iam", "create-access-key", "--user-name", "puller").path("AccessKey");
    String pullerPassword =
        aws.loginPassword(
            aws.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), ""));
    ForkedNode node1 = nodes.get(0);
    ForkedNode node2 = nodes.get(1);
    RegistryHttp onNode2 = new RegistryHttp(node2.base(), TestNode.basic(pullerPassword));
    IntSupplier pull =
        () ->
            onNode2
                .send(
                    HttpRequest.newBuilder(onNode2.uri("/v2/shared/app/manifests/v1"))
                        .header("Accept", INDEX)
                        .GET())
                .statusCode();
    assertThat(pull.getAsInt()).as("no repository policy yet").isEqualTo(403);

    AwsCli onNode1 = aws.at(node1.base());
    onNode1.ok(
        aws.root(),
        "ecr",
        "set-repository-policy",
        "--repository-name",
        "shared/app",
        "--policy-text",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
            + ACCOUNT
            + ":user/puller\"},\"Action\":[\"ecr:BatchGetImage\"]}]}");
    long allowed = Polling.millisUntil(pull, 200);
    onNode1.ok(aws.root(), "ecr", "delete-repository-policy", "--repository-name", "shared/app");
    long refused = Polling.millisUntil(pull, 403);
    System.out.printf(
        "cluster: policy set on node 1 (aws CLI) enforced by node 2 after %d ms,"
            + " its deletion after %d ms%n",
        allowed, refused);
    // The relay's poll, the lookups, and slack for a loaded machine: under the caches' 5 s.
    long bound = EventRelay.INTERVAL.toMillis() + 2_250;
    assertThat(bound).isLessThan(RepositoryAccess.TTL.toMillis());
    assertThat(allowed).as("grant enforced after the relay's poll").isLessThanOrEqualTo(bound);
    assertThat(refused).as("revocation enforced after the relay's poll").isLessThanOrEqualTo(bound);
  }

  /** One concurrent push: its image, its source layout and what skopeo said. */
  private record Push(int index, Image image, Path source, Skopeo.Result result) {
    boolean acknowledged() {
      return result.exitCode() == 0;
    }

    String tag() {
      return "p" + index;
    }
  }

  /**
   * Eight concurrent skopeo pushes through nginx while node 2 is killed with {@code SIGKILL} once
   * it has served some of their upload requests. Every acknowledged push (skopeo exit 0) pulls
   * byte-identical, manifest and blobs, from every surviving node; every failed one succeeds when
   * retried through nginx, and then pulls byte-identical too.
   */
  @Test
  @Order(5)
  void nodeKilledDuringConcurrentPushes_acknowledgedImagesSurviveOnEveryOtherNode()
      throws Exception {
    createRepository("team/load");
    int pushes = 8;
    int layerBytes = 6 << 20;
    List<Image> images = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < pushes; i++) {
      Path src = tmp.resolve("d-src-" + i);
      images.add(OciLayoutFixture.writeImage(src, "v1", 2, layerBytes, 1000L + 10L * i));
      sources.add(src);
    }
    ForkedNode victim = nodes.get(1);
    String victimUpstream = "upstream=127.0.0.1:" + victim.port();
    // A chunked upload straight to the victim whose second PATCH is streaming when it dies.
    byte[] layer = new byte[(10 << 20) + 777];
    new Random(9).nextBytes(layer);
    String auth = TestNode.basic(password);
    StalledPatch stalled =
        StalledPatch.open(new RegistryHttp(victim.base(), auth), "team/load", layer, 5 << 20);
    ExecutorService pool = Executors.newFixedThreadPool(pushes);
    List<Future<Skopeo.Result>> running = new ArrayList<>();
    int inFlightAtKill;
    long killedAfter;
    try {
      long start = System.nanoTime();
      for (int i = 0; i < pushes; i++) {
        SkopeoCli skopeo =
            SkopeoCli.isolatedIn(tmp.resolve("skopeo-push-" + i), lb.hostPort(), password);
        String from = "oci:" + sources.get(i) + ":v1";
        String to = "docker://" + lb.hostPort() + "/team/load:p" + i;
        running.add(pool.submit(() -> skopeo.copy(from, to)));
      }
      // Kill once the victim has taken a few layer PATCHes (logged as they end), while others
      // are streaming.
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (lb.accessLog().stream()
                  .filter(l -> l.contains("\"PATCH /v2/team/load/blobs/uploads/"))
                  .filter(l -> l.contains(victimUpstream))
                  .count()
              < 2
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      inFlightAtKill = (int) running.stream().filter(f -> !f.isDone()).count();
      stalled.awaitStreaming();
      victim.kill();
      killedAfter = (System.nanoTime() - start) / 1_000_000;
    } finally {
      pool.shutdown();
    }
    List<Push> results = new ArrayList<>();
    for (int i = 0; i < pushes; i++) {
      results.add(new Push(i, images.get(i), sources.get(i), running.get(i).get()));
    }
    List<Push> acknowledged = results.stream().filter(Push::acknowledged).toList();
    List<Push> failed = results.stream().filter(p -> !p.acknowledged()).toList();
    assertThat(inFlightAtKill).as("pushes still running when the node was killed").isPositive();
    assertThat(victim.alive()).isFalse();

    List<ForkedNode> survivors = nodes.stream().filter(ForkedNode::alive).toList();
    assertThat(survivors).hasSize(NODES - 1);
    long bytes = verifyOnEvery(survivors, acknowledged);

    List<Push> retried = new ArrayList<>();
    for (Push p : failed) {
      Skopeo.Result again =
          viaLb.copy(
              "oci:" + p.source() + ":v1", "docker://" + lb.hostPort() + "/team/load:" + p.tag());
      assertThat(again.exitCode())
          .as("retry of push %d through nginx: %s", p.index(), again.stderr())
          .isZero();
      retried.add(new Push(p.index(), p.image(), p.source(), again));
    }
    bytes += verifyOnEvery(survivors, retried);

    // The cut PATCH left the session at the end of the first chunk: it resumes through nginx.
    assertThat(stalled.failure()).as("the PATCH the kill cut off").isNotNull();
    RegistryHttp balanced = new RegistryHttp(lb.base(), auth);
    long resumedAt = stalled.resumeAndComplete(balanced);
    for (ForkedNode node : survivors) {
      RegistryHttp http = new RegistryHttp(node.base(), auth);
      assertThat(blobThrough(http, "team/load", Layouts.sha256(layer))).isEqualTo(layer);
      bytes += layer.length;
    }
    System.out.printf(
        "cluster: a PATCH streaming to node 2 when it was killed failed (%s) after %d bytes"
            + " were sent; the upload resumed through nginx at offset %d and completed%n",
        stalled.failure(), stalled.sent(), resumedAt);

    String victimAddress = "127.0.0.1:" + victim.port();
    // Requests the victim was serving when it died, or that reached it after: nginx logs a 502
    // for its attempt, then either passed the request on or answered the client 502.
    List<String> cut =
        lb.accessLog().stream()
            .filter(l -> l.contains(" /v2/team/load/"))
            .filter(l -> Nginx.failedOn(l, victimAddress))
            .toList();
    List<String> answered502 = cut.stream().filter(l -> l.contains("\" 502 ")).toList();
    List<String> passedOn = cut.stream().filter(l -> !l.contains("\" 502 ")).toList();
    System.out.printf(
        "cluster: requests whose attempt on the killed node failed: passed on by nginx to"
            + " another node %s, answered 502 to the client %s%n",
        Nginx.methods(passedOn), Nginx.methods(answered502));
    System.out.printf(
        "cluster: killed node 2 (pid %d, port %d) with SIGKILL %d ms into %d concurrent pushes,"
            + " %d in flight; acknowledged %d %s, failed %d %s, retried through nginx %d;"
            + " verified %d bytes (manifests and blobs) on %d surviving nodes%n",
        victim.pid(),
        victim.port(),
        killedAfter,
        pushes,
        inFlightAtKill,
        acknowledged.size(),
        acknowledged.stream().map(Push::tag).toList(),
        failed.size(),
        failed.stream().map(Push::tag).toList(),
        retried.size(),
        bytes,
        survivors.size());
    for (Push p : failed) {
      List<String> lines = p.result().stderr().strip().lines().toList();
      System.out.println(
          "cluster: push " + p.tag() + " failed: " + (lines.isEmpty() ? "" : lines.getLast()));
    }
    System.out.println(
        "cluster: upload requests per node: " + upstreamsOf("/v2/team/load/blobs/uploads/"));
  }

  /**
   * Asserts that each push's manifest and every blob it references come back byte-identical from
   * each node (blob GETs follow the node's redirect to the bucket); returns the bytes compared.
   */
  private long verifyOnEvery(List<ForkedNode> survivors, List<Push> pushes) throws Exception {
    long bytes = 0;
    HttpClient plain = HttpClient.newHttpClient();
    for (ForkedNode node : survivors) {
      RegistryHttp http = new RegistryHttp(node.base(), TestNode.basic(password));
      for (Push p : pushes) {
        byte[] expected = Layouts.blob(p.source(), p.image().digest());
        HttpResponse<byte[]> manifest =
            http.send(
                HttpRequest.newBuilder(http.uri("/v2/team/load/manifests/" + p.tag()))
                    .header("Accept", MANIFEST)
                    .GET());
        assertThat(manifest.statusCode())
            .as("%s on node port %d: %s", p.tag(), node.port(), RegistryHttp.describe(manifest))
            .isEqualTo(200);
        assertThat(manifest.body()).as("manifest %s", p.tag()).isEqualTo(expected);
        bytes += manifest.body().length;
        for (String digest : Layouts.referencedBlobs(manifest.body())) {
          byte[] blob = blobThrough(http, "team/load", digest, plain);
          assertThat(Layouts.sha256(blob)).as("blob %s of %s", digest, p.tag()).isEqualTo(digest);
          assertThat(blob).isEqualTo(Layouts.blob(p.source(), digest));
          bytes += blob.length;
        }
      }
    }
    return bytes;
  }

  private static byte[] blobThrough(RegistryHttp http, String repo, String digest)
      throws Exception {
    return blobThrough(http, repo, digest, HttpClient.newHttpClient());
  }

  /** A blob's bytes: the node's answer, or where its redirect (a presigned URL) points. */
  private static byte[] blobThrough(RegistryHttp http, String repo, String digest, HttpClient plain)
      throws Exception {
    HttpResponse<byte[]> got = http.get("/v2/" + repo + "/blobs/" + digest);
    if (got.statusCode() == 307) {
      URI location = URI.create(RegistryHttp.header(got, "Location"));
      got =
          plain.send(
              HttpRequest.newBuilder(location).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(got.statusCode()).as("GET blob %s", digest).isEqualTo(200);
    return got.body();
  }
}
