package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.iam.SignedQuery;
import dev.berth.app.Migration;
import dev.berth.app.TestNode;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.Repository;
import dev.berth.testkit.SharedBackends;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Issue 12, moving up: a single node with images, IAM users, keys and policies, stopped, is
 * migrated to PostgreSQL and S3; its data directory is byte for byte what it was; a node on the
 * target serves every manifest byte-identical and every blob by digest, the user's key still signs
 * in and the policies still decide. A run interrupted in the tables and again in the blobs resumes
 * to the same result.
 */
class MigrationEndToEndTest {
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OTHER_ACCOUNT = "222233334444";

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<TestNode> nodes = new ArrayList<>();

  /** Manifests pushed: "repo:tag" to body. */
  private final Map<String, byte[]> manifests = new LinkedHashMap<>();

  /** Blobs pushed: repo to digest to bytes. */
  private final Map<String, Map<String, byte[]>> blobs = new LinkedHashMap<>();

  private String userKey = "";
  private String userSecret = "";
  private String[] other = new String[0];
  private Path old = Path.of("");
  private Map<String, String> cluster = Map.of();

  @BeforeEach
  void seedAndStop() throws Exception {
    old = tmp.resolve("old");
    TestNode node = TestNode.start(old);
    try {
      other = node.createAccount(OTHER_ACCOUNT);
      Repository app = node.createRepository("team/app");
      node.createRepository("team/lib");
      RegistryHttp root = new RegistryHttp(node.base(), node.basicAuth());
      Random random = new Random(12);
      byte[] shared = bytes(random, 700 * 1024);
      push(root, "team/app", "v1", List.of(bytes(random, 300 * 1024), shared), random);
      push(root, "team/app", "v2", List.of(bytes(random, 6 << 20), shared), random);
      push(root, "team/lib", "latest", List.of(shared, bytes(random, 1234)), random);
      byte[] v1 = java.util.Objects.requireNonNull(manifests.get("team/app:v1"));
      assertThat(root.putManifest("team/app", "stable", MANIFEST, v1).statusCode()).isEqualTo(201);
      manifests.put("team/app:stable", v1);

      SignedQuery iam =
          new SignedQuery(
              node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
      ok(iam, "CreateUser", Map.of("UserName", "ci"));
      ok(
          iam,
          "CreatePolicy",
          Map.of(
              "PolicyName",
              "pull",
              "PolicyDocument",
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                  + "\"ecr:*\",\"Resource\":\"*\"}]}"));
      ok(
          iam,
          "AttachUserPolicy",
          Map.of("UserName", "ci", "PolicyArn", "arn:aws:iam::000000000000:policy/pull"));
      ok(
          iam,
          "PutUserPolicy",
          Map.of(
              "UserName",
              "ci",
              "PolicyName",
              "not-lib",
              "PolicyDocument",
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":"
                  + "\"ecr:*\",\"Resource\":\"arn:aws:ecr:us-east-1:000000000000:repository/team/lib\"}]}"));
      SignedQuery.Reply key = ok(iam, "CreateAccessKey", Map.of("UserName", "ci"));
      userKey = key.element("AccessKeyId");
      userSecret = key.element("SecretAccessKey");
      node.berth()
          .services()
          .repositories()
          .setPolicy(
              app,
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                  + "{\"AWS\":\"arn:aws:iam::"
                  + OTHER_ACCOUNT
                  + ":root\"},\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}");
    } finally {
      node.close();
    }
    Map<String, String> c = SharedBackends.config(tmp.resolve("cluster/master.key"));
    cluster = c;
  }

  @AfterEach
  void stop() {
    nodes.forEach(TestNode::close);
  }

  @Test
  void migratedNode_servesEverything_andTheOldDirectoryIsUntouched() throws Exception {
    Map<String, String> before = hashes(old);
    long start = System.nanoTime();
    Migration.Summary s = Migration.run(source(), target(), new Counting());
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "migration: %d tables, %d rows, %d blobs, %d bytes copied in %d ms%n",
        s.tables().size(), s.rows(), s.copied(), s.bytesCopied(), millis);
    assertThat(s.ok()).as(s.toString()).isTrue();
    assertThat(s.resumed()).isFalse();
    assertThat(s.copied()).isEqualTo(s.blobs()).isEqualTo(distinctBlobs());
    assertThat(s.existing()).isZero();
    // Every row written, but gc_state's: the target's migrations seed the same row.
    assertThat(s.tables())
        .filteredOn(t -> !t.table().equals("gc_state"))
        .allMatch(t -> t.inserted() == t.sourceRows());
    assertThat(hashes(old)).isEqualTo(before);
    assertThat(Files.readAllBytes(tmp.resolve("cluster/master.key")))
        .isEqualTo(Files.readAllBytes(old.resolve("master.key")));
    assertThat(
            Files.getPosixFilePermissions(tmp.resolve("cluster/master.key")).stream()
                .map(Object::toString))
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

    assertServesEverything();

    Migration.Summary again = Migration.run(source(), target(), new Counting());
    assertThat(again.ok()).isTrue();
    assertThat(again.resumed()).isTrue();
    assertThat(again.rowsWritten()).isZero();
    assertThat(again.copied()).isZero();
    assertThat(again.existing()).isEqualTo(s.blobs());
  }

  @Test
  void interruptedInTheTablesAndInTheBlobs_resumesToTheSameResult() throws Exception {
    Map<String, String> before = hashes(old);
    assertThatThrownBy(
            () ->
                Migration.run(
                    source(),
                    target(),
                    new Counting() {
                      @Override
                      public void table(String table, long done, long total) {
                        if (table.equals("tags")) {
                          throw new IllegalStateException("interrupted in the tables");
                        }
                      }
                    }))
        .hasMessage("interrupted in the tables");
    assertThatThrownBy(
            () ->
                Migration.run(
                    source(),
                    target(),
                    new Counting() {
                      @Override
                      public void blobs(long done, long total, long bytes, long totalBytes) {
                        if (done == 3) {
                          throw new IllegalStateException("interrupted in the blobs");
                        }
                      }
                    }))
        .hasMessage("interrupted in the blobs");
    Migration.Summary s = Migration.run(source(), target(), new Counting());
    assertThat(s.ok()).as(s.toString()).isTrue();
    assertThat(s.resumed()).isTrue();
    assertThat(s.existing()).isEqualTo(3);
    assertThat(s.copied()).isEqualTo(distinctBlobs() - 3);
    assertThat(s.rowsWritten()).isZero();
    assertThat(s.incomplete()).isEmpty();
    assertThat(hashes(old)).isEqualTo(before);
    assertServesEverything();
  }

  @Test
  void targetMasterKeyOfAnotherNode_isRefused_beforeAnyRowIsCopied() throws Exception {
    Path key = tmp.resolve("cluster/master.key");
    Files.createDirectories(key.getParent());
    Files.write(key, new byte[32]);
    assertThatThrownBy(() -> Migration.run(source(), target(), new Counting()))
        .isInstanceOf(dev.berth.meta.jdbc.MigrationRefusedException.class)
        .hasMessageContaining("holds another key");
  }

  private void assertServesEverything() throws Exception {
    TestNode node = TestNode.start(tmp.resolve("new-" + nodes.size()), cluster);
    nodes.add(node);
    RegistryHttp root = new RegistryHttp(node.base(), node.basicAuth());
    for (Map.Entry<String, byte[]> m : manifests.entrySet()) {
      int colon = m.getKey().indexOf(':');
      String repo = m.getKey().substring(0, colon);
      String tag = m.getKey().substring(colon + 1);
      HttpResponse<byte[]> got =
          root.send(
              HttpRequest.newBuilder(root.uri("/v2/" + repo + "/manifests/" + tag))
                  .header("Accept", MANIFEST)
                  .GET());
      assertThat(got.statusCode()).as(m.getKey()).isEqualTo(200);
      assertThat(got.body()).as(m.getKey()).isEqualTo(m.getValue());
    }
    for (Map.Entry<String, Map<String, byte[]>> repo : blobs.entrySet()) {
      for (Map.Entry<String, byte[]> b : repo.getValue().entrySet()) {
        assertThat(Layouts.sha256(blob(root, repo.getKey(), b.getKey())))
            .as(repo.getKey() + "@" + b.getKey())
            .isEqualTo(b.getKey());
      }
    }
    // The user's key still signs (its secret decrypts under the carried master key) and the
    // user's policies still decide: allowed on team/app, denied on team/lib.
    RegistryHttp user = new RegistryHttp(node.base(), token(node, userKey, userSecret));
    assertThat(manifestStatus(user, "team/app", "v1")).isEqualTo(200);
    assertThat(manifestStatus(user, "team/lib", "latest")).isEqualTo(403);
    // The other account pulls team/app by the repository policy, and nothing else.
    RegistryHttp foreign = new RegistryHttp(node.base(), token(node, other[0], other[1]));
    assertThat(manifestStatus(foreign, "team/app", "v2")).isEqualTo(200);
    assertThat(manifestStatus(foreign, "team/lib", "latest")).isEqualTo(403);
  }

  private byte[] blob(RegistryHttp registry, String repo, String digest) throws Exception {
    HttpResponse<byte[]> got = registry.get("/v2/" + repo + "/blobs/" + digest);
    if (got.statusCode() == 307) {
      URI location = URI.create(RegistryHttp.header(got, "Location"));
      got =
          http.send(
              HttpRequest.newBuilder(location).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(got.statusCode()).as(repo + "@" + digest).isEqualTo(200);
    return got.body();
  }

  private static int manifestStatus(RegistryHttp registry, String repo, String tag) {
    return registry
        .send(
            HttpRequest.newBuilder(registry.uri("/v2/" + repo + "/manifests/" + tag))
                .header("Accept", MANIFEST)
                .GET())
        .statusCode();
  }

  private static String token(TestNode node, String keyId, String secret) {
    try (EcrClient ecr =
        EcrClient.builder()
            .endpointOverride(node.base())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
            .build()) {
      return "Basic "
          + ecr.getAuthorizationToken(r -> {}).authorizationData().get(0).authorizationToken();
    }
  }

  private void push(RegistryHttp registry, String repo, String tag, List<byte[]> layers, Random r) {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":" + r.nextInt() + "}")
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder body =
        new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":");
    body.append(descriptor("application/vnd.oci.image.config.v1+json", config))
        .append(",\"layers\":[");
    Map<String, byte[]> pushed = blobs.computeIfAbsent(repo, k -> new LinkedHashMap<>());
    for (byte[] blob : Stream.concat(Stream.of(config), layers.stream()).toList()) {
      String digest = Layouts.sha256(blob);
      if (!pushed.containsKey(digest)) {
        registry.pushChunked(repo, digest, blob, 5 << 20);
        pushed.put(digest, blob);
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      body.append(i == 0 ? "" : ",")
          .append(descriptor("application/vnd.oci.image.layer.v1.tar", layers.get(i)));
    }
    byte[] manifest = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    assertThat(registry.putManifest(repo, tag, MANIFEST, manifest).statusCode()).isEqualTo(201);
    manifests.put(repo + ":" + tag, manifest);
  }

  private static String descriptor(String type, byte[] blob) {
    return "{\"mediaType\":\""
        + type
        + "\",\"digest\":\""
        + Layouts.sha256(blob)
        + "\",\"size\":"
        + blob.length
        + "}";
  }

  private long distinctBlobs() {
    return blobs.values().stream().flatMap(m -> m.keySet().stream()).distinct().count();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static SignedQuery.Reply ok(SignedQuery iam, String action, Map<String, String> params) {
    SignedQuery.Reply r = iam.iam(action, params);
    assertThat(r.status()).as(action + " " + r.body()).isEqualTo(200);
    return r;
  }

  private BerthConfig source() {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", old.toString()));
  }

  private BerthConfig target() {
    Map<String, String> values = new HashMap<>(cluster);
    values.put("data", tmp.resolve("cluster").toString());
    return ConfigLoader.load(Optional.empty(), Map.of(), values);
  }

  /** Every file under {@code dir} (relative path) and the SHA-256 of its bytes. */
  private static Map<String, String> hashes(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.forEach(
          p -> {
            String rel = dir.relativize(p).toString();
            try {
              out.put(rel, Files.isDirectory(p) ? "dir" : Layouts.sha256(Files.readAllBytes(p)));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return out;
  }

  /** Progress that does nothing (subclasses interrupt). */
  private static class Counting implements Migration.Progress {
    @Override
    public void table(String table, long done, long total) {}

    @Override
    public void blobs(long done, long total, long bytes, long totalBytes) {}
  }
}
