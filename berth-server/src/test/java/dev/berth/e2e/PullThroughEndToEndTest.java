package dev.berth.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.model.Digest;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.DistributionServer;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.OciLayoutFixture.Image;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pull-through cache with real clients and real upstreams on loopback: CNCF Distribution behind
 * htpasswd Basic auth, and another Berth node. Rules are managed with the aws CLI, images pushed
 * upstream and pulled through the cache with skopeo.
 */
class PullThroughEndToEndTest {
  private static final String USER = "puller";
  private static final String PASSWORD = "upstream-pass-1";
  private static final int LAYER_BYTES = 8 * 1024;

  @TempDir static Path shared;
  private static DistributionServer upstream;

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;
  private Map<String, String> root;
  private SkopeoCli skopeo;

  @BeforeAll
  static void startUpstream() {
    SkopeoCli.requireInstalled();
    AwsCli.requireInstalled();
    assertThat(DistributionServer.available()).as("/usr/bin/docker-registry").isTrue();
    upstream = DistributionServer.withBasicAuth(shared.resolve("upstream"), USER, PASSWORD);
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
    root = cli.root();
    skopeo = SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode ecr(String... args) {
    List<String> all = new ArrayList<>(List.of("ecr"));
    all.addAll(List.of(args));
    return cli.ok(root, all.toArray(String[]::new));
  }

  private Skopeo.Result ecrFails(String... args) {
    List<String> all = new ArrayList<>(List.of("ecr"));
    all.addAll(List.of(args));
    Skopeo.Result r = cli.run(root, all.toArray(String[]::new));
    assertThat(r.exitCode()).as("aws %s: %s", all, r.stdout()).isNotZero();
    return r;
  }

  private String secret(String name, String user, String token) {
    return cli.ok(
            root,
            "secretsmanager",
            "create-secret",
            "--name",
            "ecr-pullthroughcache/" + name,
            "--secret-string",
            "{\"username\":\"" + user + "\",\"accessToken\":\"" + token + "\"}")
        .path("ARN")
        .asText();
  }

  /**
   * Creates a rule through {@code --cli-input-json}: aws CLI v1 fetches a parameter value that
   * starts with {@code http://} and sends the page instead (its {@code cli_follow_urlparam}).
   */
  private JsonNode createRule(String prefix, String url, String credentialArn) {
    return ecr(
        "create-pull-through-cache-rule",
        "--cli-input-json",
        "{\"ecrRepositoryPrefix\":\""
            + prefix
            + "\",\"upstreamRegistryUrl\":\""
            + url
            + "\",\"credentialArn\":\""
            + credentialArn
            + "\"}");
  }

  /** Create fails with the ECR exception {@code type}; {@code credentialArn} may be empty. */
  private void assertCreateFails(String type, String prefix, String url, String credentialArn) {
    String cred = credentialArn.isEmpty() ? "" : ",\"credentialArn\":\"" + credentialArn + "\"";
    String input =
        "{\"ecrRepositoryPrefix\":\""
            + prefix
            + "\",\"upstreamRegistryUrl\":\""
            + url
            + "\""
            + cred
            + "}";
    assertThat(ecrFails("create-pull-through-cache-rule", "--cli-input-json", input).stderr())
        .contains(type);
  }

  private String berth(String reference) {
    return "docker://" + node.hostPort() + "/" + reference;
  }

  private static String oci(Path layout, String tag) {
    return "oci:" + layout + ":" + tag;
  }

  /** Pushes a two-platform image to the upstream as {@code repository:v1}. */
  private Image pushUpstream(DistributionServer to, String repository, long seed) {
    Path src = tmp.resolve("src-" + seed);
    Image image =
        OciLayoutFixture.writeMultiArch(
            src, "v1", List.of("linux/amd64", "linux/arm64"), 2, LAYER_BYTES, seed);
    skopeo
        .copy(
            oci(src, "v1"),
            "docker://" + to.hostPort() + "/" + repository + ":v1",
            "--all",
            "--dest-creds",
            USER + ":" + PASSWORD)
        .orThrow();
    return image;
  }

  private void assertRaw(String reference, Image image, byte[] expected) {
    String raw = skopeo.inspect(reference, "--raw").orThrow().stdout();
    assertThat(Layouts.sha256(raw)).as("digest of %s", reference).isEqualTo(image.digest());
    assertThat(raw).isEqualTo(new String(expected, UTF_8));
  }

  @Test
  void multiArchImage_pullsThroughByteForByte_andStillPullsWhenTheUpstreamIsGone()
      throws Exception {
    try (DistributionServer own =
        DistributionServer.withBasicAuth(tmp.resolve("own-upstream"), USER, PASSWORD)) {
      Image image = pushUpstream(own, "library/app", 7L);
      Path src = tmp.resolve("src-7");
      byte[] index = Layouts.blob(src, image.digest());
      createRule("hub", own.url().toString(), secret("own", USER, PASSWORD));

      assertRaw(berth("hub/library/app:v1"), image, index);
      Path out = tmp.resolve("out");
      skopeo.copy(berth("hub/library/app:v1"), oci(out, "v1"), "--all").orThrow();
      Layouts.assertSameBlobs(src, out, image.blobDigests());
      for (String child : Layouts.indexChildren(index)) {
        assertThat(skopeo.inspect(berth("hub/library/app@" + child), "--raw").orThrow().stdout())
            .isEqualTo(new String(Layouts.blob(src, child), UTF_8));
      }
      JsonNode repos =
          ecr("describe-repositories", "--repository-names", "hub/library/app")
              .path("repositories");
      assertThat(repos).hasSize(1);

      // The upstream tag moves: the cache serves its copy until the refresh interval (24 h) ends.
      Image moved = pushUpstream(own, "library/app", 8L);
      byte[] movedIndex = Layouts.blob(tmp.resolve("src-8"), moved.digest());
      assertRaw(berth("hub/library/app:v1"), image, index);
      laterBy(Duration.ofHours(25));
      assertRaw(berth("hub/library/app:v1"), moved, movedIndex);

      // A pull answers with the upstream's manifest at once and stores the image meanwhile.
      awaitStored("hub/library/app", image.digest());
      awaitStored("hub/library/app", moved.digest());
      assertThat(stored("hub/library/app", Layouts.indexChildren(movedIndex).get(0))).isTrue();
      own.close();
      laterBy(Duration.ofHours(25));
      assertRaw(berth("hub/library/app:v1"), moved, movedIndex);
      assertRaw(berth("hub/library/app@" + image.digest()), image, index);
      Path again = tmp.resolve("again");
      skopeo.copy(berth("hub/library/app:v1"), oci(again, "v1"), "--all").orThrow();
      Layouts.assertSameBlobs(tmp.resolve("src-8"), again, moved.blobDigests());
      assertThat(skopeo.inspect(berth("hub/library/other:v1"), "--raw").exitCode()).isNotZero();
    }
  }

  private boolean stored(String repository, String digest) {
    var s = node.berth().services();
    return s.manifests()
        .exists(
            s.repositories()
                .get(node.berth().config().registry().home(), RepositoryService.name(repository)),
            Digest.of(digest));
  }

  private void awaitStored(String repository, String digest) throws InterruptedException {
    Polling.millisUntil(() -> stored(repository, digest) ? 1 : 0, 1);
  }

  /** Moves the node's clock on, with a skopeo logged in afresh (tokens last 12 hours). */
  private void laterBy(Duration d) throws Exception {
    node.clock().advance(d);
    skopeo =
        SkopeoCli.isolatedIn(
            tmp.resolve("skopeo-" + System.nanoTime()), node.hostPort(), node.registryToken());
  }

  @Test
  void dockerBearerTokenFlow_againstDistributionWithTokenAuth() throws Exception {
    try (TokenService tokens = new TokenService(USER, PASSWORD);
        DistributionServer bearer =
            DistributionServer.withTokenAuth(
                tmp.resolve("bearer"),
                tokens.realm(),
                "upstream-registry",
                TokenService.ISSUER,
                tokens.writeCertificate(tmp.resolve("token.pem")))) {
      Image image = pushUpstream(bearer, "library/tool", 21L);
      createRule("tokens", bearer.url().toString(), secret("bearer", USER, PASSWORD));
      int before = tokens.issued();
      assertThat(
              ecr("validate-pull-through-cache-rule", "--ecr-repository-prefix", "tokens")
                  .path("isValid")
                  .asBoolean())
          .isTrue();
      assertRaw(
          berth("tokens/library/tool:v1"),
          image,
          Layouts.blob(tmp.resolve("src-21"), image.digest()));
      Path out = tmp.resolve("out");
      skopeo.copy(berth("tokens/library/tool:v1"), oci(out, "v1"), "--all").orThrow();
      Layouts.assertSameBlobs(tmp.resolve("src-21"), out, image.blobDigests());
      assertThat(tokens.issued()).as("tokens the cache fetched").isGreaterThan(before);
    }
  }

  @Test
  void anotherBerthNode_isAnUpstreamWithItsRegistryToken() throws Exception {
    try (TestNode other = TestNode.start(tmp.resolve("other"))) {
      other.createRepository("team/app");
      SkopeoCli pusher =
          SkopeoCli.isolatedIn(tmp.resolve("pusher"), other.hostPort(), other.registryToken());
      Path src = tmp.resolve("src");
      Image image =
          OciLayoutFixture.writeMultiArch(
              src, "v1", List.of("linux/amd64", "linux/arm64"), 2, LAYER_BYTES, 11L);
      pusher
          .copy(oci(src, "v1"), "docker://" + other.hostPort() + "/team/app:v1", "--all")
          .orThrow();
      String arn = secret("berth", "AWS", other.registryToken());
      createRule("mirror", other.base().toString(), arn);
      assertThat(
              ecr("validate-pull-through-cache-rule", "--ecr-repository-prefix", "mirror")
                  .path("isValid")
                  .asBoolean())
          .isTrue();

      assertRaw(berth("mirror/team/app:v1"), image, Layouts.blob(src, image.digest()));
      Path out = tmp.resolve("out");
      skopeo.copy(berth("mirror/team/app:v1"), oci(out, "v1"), "--all").orThrow();
      Layouts.assertSameBlobs(src, out, image.blobDigests());
    }
  }

  @Test
  void rulesApi_createDescribeValidateUpdateDelete_withEcrsErrors() {
    String good = secret("good", USER, PASSWORD);
    String bad = secret("bad", USER, "wrong-password");
    JsonNode created = createRule("dist/", upstream.url().toString(), good);
    assertThat(created.path("ecrRepositoryPrefix").asText()).isEqualTo("dist");
    assertThat(created.path("upstreamRegistryUrl").asText()).isEqualTo(upstream.url().toString());
    assertThat(created.path("upstreamRepositoryPrefix").asText()).isEqualTo("ROOT");
    assertThat(created.path("credentialArn").asText()).isEqualTo(good);
    assertThat(created.path("registryId").asText()).isEqualTo("000000000000");
    assertThat(created.path("createdAt").isMissingNode()).isFalse();

    String none = "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/none";
    assertCreateFails(
        "PullThroughCacheRuleAlreadyExistsException", "dist", upstream.url().toString(), "");
    assertCreateFails("UnsupportedUpstreamRegistryException", "other", "registry.example.com", "");
    assertCreateFails("InvalidParameterException", "hub", "registry-1.docker.io", "");
    assertCreateFails("SecretNotFoundException", "hub", "registry-1.docker.io", none);
    ecr(
        "create-pull-through-cache-rule",
        "--ecr-repository-prefix",
        "ecr-public",
        "--upstream-registry-url",
        "public.ecr.aws");

    JsonNode all = ecr("describe-pull-through-cache-rules").path("pullThroughCacheRules");
    assertThat(all)
        .extracting(r -> r.path("ecrRepositoryPrefix").asText())
        .containsExactly("dist", "ecr-public");
    assertThat(all.get(1).path("upstreamRegistry").asText()).isEqualTo("ecr-public");
    assertThat(
            ecrFails("describe-pull-through-cache-rules", "--ecr-repository-prefixes", "nope")
                .stderr())
        .contains("PullThroughCacheRuleNotFoundException");

    JsonNode valid = ecr("validate-pull-through-cache-rule", "--ecr-repository-prefix", "dist");
    assertThat(valid.path("isValid").asBoolean()).isTrue();
    assertThat(valid.path("failure").isMissingNode()).isTrue();

    JsonNode updated =
        ecr(
            "update-pull-through-cache-rule",
            "--ecr-repository-prefix",
            "dist",
            "--credential-arn",
            bad);
    assertThat(updated.path("credentialArn").asText()).isEqualTo(bad);
    assertThat(updated.path("updatedAt").isMissingNode()).isFalse();
    JsonNode invalid = ecr("validate-pull-through-cache-rule", "--ecr-repository-prefix", "dist");
    assertThat(invalid.path("isValid").asBoolean()).isFalse();
    assertThat(invalid.path("failure").asText()).contains("401");

    JsonNode deleted = ecr("delete-pull-through-cache-rule", "--ecr-repository-prefix", "dist");
    assertThat(deleted.path("ecrRepositoryPrefix").asText()).isEqualTo("dist");
    assertThat(
            ecrFails("delete-pull-through-cache-rule", "--ecr-repository-prefix", "dist").stderr())
        .contains("PullThroughCacheRuleNotFoundException");
  }

  @Test
  void aFirstPull_needsCreateRepositoryAndBatchImportUpstreamImage() throws Exception {
    Image image = pushUpstream(upstream, "library/iam", 31L);
    createRule("guarded", upstream.url().toString(), secret("guarded", USER, PASSWORD));
    cli.ok(root, "iam", "create-user", "--user-name", "dev");
    JsonNode key = cli.ok(root, "iam", "create-access-key", "--user-name", "dev").path("AccessKey");
    Map<String, String> dev =
        cli.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");
    allow(
        "pull",
        "ecr:GetAuthorizationToken",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchCheckLayerAvailability");
    SkopeoCli devSkopeo =
        SkopeoCli.isolatedIn(tmp.resolve("dev"), node.hostPort(), cli.loginPassword(dev));

    Skopeo.Result refused = devSkopeo.inspect(berth("guarded/library/iam:v1"), "--raw");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("ecr:CreateRepository");
    assertThat(
            ecrFails("describe-repositories", "--repository-names", "guarded/library/iam").stderr())
        .contains("RepositoryNotFoundException");

    allow("import", "ecr:CreateRepository", "ecr:BatchImportUpstreamImage");
    String raw = devSkopeo.inspect(berth("guarded/library/iam:v1"), "--raw").orThrow().stdout();
    assertThat(Layouts.sha256(raw)).isEqualTo(image.digest());
  }

  private void allow(String policyName, String... actions) {
    cli.ok(
        root,
        "iam",
        "put-user-policy",
        "--user-name",
        "dev",
        "--policy-name",
        policyName,
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "[\""
            + String.join("\",\"", actions)
            + "\"]"
            + ",\"Resource\":\"*\"}]}");
  }

  @Test
  void concurrentFirstPulls_ofOneImage_streamByteForByte_andStoreItOnce() throws Exception {
    Image image = pushUpstream(upstream, "library/busy", 41L);
    Path src = tmp.resolve("src-41");
    createRule("busy", upstream.url().toString(), secret("busy", USER, PASSWORD));
    List<java.util.concurrent.CompletableFuture<Skopeo.Result>> pulls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String dest = oci(tmp.resolve("out-" + i), "v1");
      pulls.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> skopeo.copy(berth("busy/library/busy:v1"), dest, "--all")));
    }
    for (int i = 0; i < pulls.size(); i++) {
      pulls.get(i).get(120, java.util.concurrent.TimeUnit.SECONDS).orThrow();
      Layouts.assertSameBlobs(src, tmp.resolve("out-" + i), image.blobDigests());
    }
    awaitStored("busy/library/busy", image.digest());
    for (String child : Layouts.indexChildren(Layouts.blob(src, image.digest()))) {
      assertThat(stored("busy/library/busy", child)).as("child %s stored", child).isTrue();
    }
    try (var spool = java.nio.file.Files.list(tmp.resolve("node").resolve("pull-through-spool"))) {
      assertThat(spool.toList()).as("spool files left").isEmpty();
    }
  }

  @Test
  void withoutARule_aMissingRepositoryIsStillUnknown() {
    assertThat(skopeo.inspect(berth("dist/library/app:v1"), "--raw").stderr())
        .containsIgnoringCase("name unknown");
  }
}
