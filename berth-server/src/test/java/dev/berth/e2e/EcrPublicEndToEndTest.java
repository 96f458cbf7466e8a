package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.testkit.ContainerClients;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR Public end to end with the real aws CLI, skopeo and podman: a public repository created with
 * {@code aws ecr-public}, pushed with the password of {@code get-login-password}, pulled by anyone
 * without credentials on {@code <public-host>/<alias>/<repository>}; private repositories are never
 * reachable there; pulls are counted and rate-limited with TOOMANYREQUESTS and Retry-After.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcrPublicEndToEndTest {
  private static final String PUBLIC_HOST = "public.ecr.localhost";

  @TempDir static Path tmp;
  private TestNode node;
  private AwsCli aws;
  private Path hosts;
  private String registry;
  private String alias;
  private OciLayoutFixture.Image image;
  private Path layout;

  @BeforeAll
  void start() throws Exception {
    AwsCli.requireInstalled();
    SkopeoCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"));
    aws = new AwsCli(node, tmp);
    hosts =
        Files.writeString(
            tmp.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 " + PUBLIC_HOST + "\n");
    registry = PUBLIC_HOST + ":" + node.berth().port();
    layout = tmp.resolve("layout");
    image = OciLayoutFixture.writeImage(layout, "v1", 2, 64 * 1024, 7L);

    JsonNode created =
        aws.ok(
            aws.root(),
            "ecr-public",
            "create-repository",
            "--repository-name",
            "tools/hello",
            "--catalog-data",
            "{\"description\":\"Says hello\",\"usageText\":\"Run `hello`\",\"operatingSystems\":[\"Linux\"]}");
    alias =
        aws.ok(aws.root(), "ecr-public", "describe-registries")
            .path("registries")
            .get(0)
            .path("aliases")
            .get(0)
            .path("name")
            .asText();
    assertThat(created.path("repository").path("repositoryUri").asText())
        .isEqualTo(registry + "/" + alias + "/tools/hello");
    String password =
        aws.run(aws.root(), "ecr-public", "get-login-password").orThrow().stdout().trim();
    ContainerClients pusher = ContainerClients.isolatedIn(tmp.resolve("pusher")).withHosts(hosts);
    pusher.login(registry, password).orThrow();
    pusher
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":v1",
            "docker://" + registry + "/" + alias + "/tools/hello:v1")
        .orThrow();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void theCliDescribesThePushedImage() {
    JsonNode tags =
        aws.ok(aws.root(), "ecr-public", "describe-image-tags", "--repository-name", "tools/hello");
    assertThat(tags.path("imageTagDetails").get(0).path("imageTag").asText()).isEqualTo("v1");
    assertThat(tags.path("imageTagDetails").get(0).path("imageDetail").path("imageDigest").asText())
        .isEqualTo(image.digest());
    JsonNode catalog =
        aws.ok(
            aws.root(),
            "ecr-public",
            "get-repository-catalog-data",
            "--repository-name",
            "tools/hello");
    assertThat(catalog.path("catalogData").path("usageText").asText()).isEqualTo("Run `hello`");
    assertThat(
            aws.ok(aws.root(), "ecr-public", "describe-images", "--repository-name", "tools/hello")
                .path("imageDetails")
                .get(0)
                .path("imageTags")
                .get(0)
                .asText())
        .isEqualTo("v1");
  }

  @Test
  void anyonePulls_withoutCredentials() throws Exception {
    ContainerClients anonymous =
        ContainerClients.isolatedIn(tmp.resolve("anonymous")).withHosts(hosts);
    String ref = "docker://" + registry + "/" + alias + "/tools/hello:v1";
    anonymous
        .skopeo(
            "copy",
            "--quiet",
            "--src-tls-verify=false",
            ref,
            "oci:" + tmp.resolve("pulled") + ":v1")
        .orThrow();
    assertThat(Layouts.blobDigests(tmp.resolve("pulled"))).containsAll(image.blobDigests());
    anonymous
        .podman("pull", "--quiet", "--tls-verify=false", registry + "/" + alias + "/tools/hello:v1")
        .orThrow();

    Skopeo.Result push =
        anonymous.skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":v1",
            "docker://" + registry + "/" + alias + "/tools/hello:anonymous");
    assertThat(push.exitCode()).isNotZero();
    assertThat(push.stderr()).containsIgnoringCase("unauthorized");

    Repository repo =
        node.berth()
            .services()
            .repositories()
            .get(
                RegistryId.publicRegistry(new AccountId("000000000000")),
                new RepositoryName("tools/hello"));
    node.berth().services().publicRegistries().pulls().flush();
    assertThat(node.berth().services().publicRegistries().registries().pulls(repo))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void privateRepositories_areNeverReachableOnThePublicHost() throws Exception {
    aws.ok(aws.root(), "ecr", "create-repository", "--repository-name", "secret/app");
    ContainerClients owner = ContainerClients.isolatedIn(tmp.resolve("owner"));
    String privateRegistry = "127.0.0.1:" + node.berth().port();
    owner.login(privateRegistry, aws.loginPassword(aws.root())).orThrow();
    owner
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":v1",
            "docker://" + privateRegistry + "/secret/app:v1")
        .orThrow();

    ContainerClients anonymous =
        ContainerClients.isolatedIn(tmp.resolve("prying")).withHosts(hosts);
    for (String name :
        new String[] {alias + "/secret/app", "secret/app", "000000000000/secret/app"}) {
      Skopeo.Result r =
          anonymous.skopeo(
              "inspect",
              "--raw",
              "--tls-verify=false",
              "docker://" + registry + "/" + name + ":v1");
      assertThat(r.exitCode()).as(name).isNotZero();
    }
    // A private registry's login is no credential on the public host either.
    Reply withPrivateLogin =
        get(
            "/v2/" + alias + "/tools/hello/manifests/v1",
            "Basic " + basic(aws.loginPassword(aws.root())));
    assertThat(withPrivateLogin.status()).isEqualTo(401);
    assertThat(withPrivateLogin.headers().get("www-authenticate"))
        .startsWith("Bearer realm=\"http://" + registry + "/token\"");
  }

  @Test
  void pulls_areRateLimitedPerAddressAndPerPrincipal() throws Exception {
    try (TestNode limited =
        TestNode.start(
            tmp.resolve("limited"),
            Map.of(
                "public-anonymous-pull-rate", "0.1",
                "public-authenticated-pull-rate", "0.1",
                "public-pull-burst", "2"))) {
      AwsCli cli = new AwsCli(limited, tmp);
      cli.ok(cli.root(), "ecr-public", "create-repository", "--repository-name", "busy");
      String limitedAlias =
          cli.ok(cli.root(), "ecr-public", "describe-registries")
              .path("registries")
              .get(0)
              .path("aliases")
              .get(0)
              .path("name")
              .asText();
      String path = "/v2/" + limitedAlias + "/busy/manifests/latest";
      URI base = URI.create("http://127.0.0.1:" + limited.berth().port());
      String anonymous = "Bearer " + token(base, java.util.Optional.empty());
      for (int i = 0; i < 2; i++) {
        assertThat(get(base, path, java.util.Optional.of(anonymous)).status())
            .as("pull " + i)
            .isEqualTo(404);
      }
      Reply refused = get(base, path, java.util.Optional.of(anonymous));
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.body()).contains("TOOMANYREQUESTS");
      assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 10L);

      // A principal has its own quota, apart from the address's.
      String password =
          cli.run(cli.root(), "ecr-public", "get-login-password").orThrow().stdout().trim();
      String signedIn = "Bearer " + token(base, java.util.Optional.of("Basic " + basic(password)));
      assertThat(get(base, path, java.util.Optional.of(signedIn)).status()).isEqualTo(404);
      assertThat(get(base, path, java.util.Optional.of(signedIn)).status()).isEqualTo(404);
      assertThat(get(base, path, java.util.Optional.of(signedIn)).status()).isEqualTo(429);
    }
  }

  private static String basic(String password) {
    return java.util.Base64.getEncoder()
        .encodeToString(("AWS:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A response read off the wire: status, headers (lower-case names) and body. */
  private record Reply(int status, Map<String, String> headers, String body) {}

  /**
   * {@code GET path} on {@code Host: public.ecr.localhost} over a plain socket (the JDK's client
   * will not send another Host header), {@code authorization} when given.
   */
  private static Reply get(URI base, String path, java.util.Optional<String> authorization)
      throws Exception {
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + PUBLIC_HOST
              + ":"
              + base.getPort()
              + "\r\nConnection: close\r\n"
              + authorization.map(a -> "Authorization: " + a + "\r\n").orElse("")
              + "\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String text =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n", -1);
      Map<String, String> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).toLowerCase(java.util.Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return new Reply(
          Integer.parseInt(lines[0].split(" ", -1)[1]), headers, text.substring(end + 4));
    }
  }

  /** A token of the public host's token service; anonymous without {@code authorization}. */
  private static String token(URI base, java.util.Optional<String> authorization) throws Exception {
    Reply r = get(base, "/token?service=" + PUBLIC_HOST, authorization);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Layouts.json(r.body()).path("token").asText();
  }

  private Reply get(String path, String authorization) throws Exception {
    return get(
        URI.create("http://127.0.0.1:" + node.berth().port()),
        path,
        java.util.Optional.of(authorization));
  }
}
