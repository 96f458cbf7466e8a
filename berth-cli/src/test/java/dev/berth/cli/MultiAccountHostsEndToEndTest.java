package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.Berth;
import dev.berth.common.Json;
import dev.berth.config.ConfigLoader;
import dev.berth.meta.AccessKey;
import dev.berth.model.AccountId;
import dev.berth.testkit.ContainerClients;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a second account on one host, with no DNS. Its repository URI is {@code
 * 222222222222.dkr.ecr.us-east-1.localhost:<port>/app}; with the lines {@code berth hosts} prints
 * in {@code /etc/hosts} (a private one, bind-mounted in a mount namespace of the clients' own),
 * podman and skopeo log in, push and pull on that name, and the images land in account 2.
 */
class MultiAccountHostsEndToEndTest {
  private static final String ROOT_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String ROOT_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final AccountId OTHER = new AccountId("222222222222");
  private static final String OTHER_KEY = "AKIA222222222222ROOT";
  private static final String OTHER_SECRET = "secret-of-account-222222222222";

  @TempDir Path tmp;
  private Path data;
  private Berth node;

  @BeforeEach
  void start() throws Exception {
    assertThat(Skopeo.available()).as("skopeo must be installed").isTrue();
    assertThat(ContainerClients.podmanAvailable()).as("podman must be installed").isTrue();
    data = tmp.resolve("data");
    node =
        Berth.start(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of(
                    "listen",
                    "127.0.0.1:0",
                    "data",
                    data.toString(),
                    "root-access-key-id",
                    ROOT_KEY,
                    "root-secret-access-key",
                    ROOT_SECRET,
                    "regions",
                    "eu-west-1")));
    // A second tenant, set up as CrossAccountEndToEndTest's TestNode.createAccount does.
    var s = node.services();
    s.meta().accounts().ensure(OTHER, Instant.now());
    s.meta()
        .accessKeys()
        .create(
            new AccessKey(
                OTHER_KEY, OTHER, "root", s.cipher().encrypt(OTHER_SECRET), true, Instant.now()));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode aws(String keyId, String secret, String... args) throws Exception {
    return json(signedIn("us-east-1", keyId, secret, args));
  }

  private JsonNode awsIn(String region, String... args) throws Exception {
    return json(signedIn(region, ROOT_KEY, ROOT_SECRET, args));
  }

  private static JsonNode json(Skopeo.Result result) throws Exception {
    String out = result.orThrow().stdout();
    return out.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(out);
  }

  /** The aws CLI signing for {@code region}; the result unchecked. */
  private Skopeo.Result signedIn(String region, String keyId, String secret, String... args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("AWS_ACCESS_KEY_ID", keyId);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_PROFILE");
    env.put("AWS_DEFAULT_REGION", region);
    env.put("AWS_CONFIG_FILE", tmp.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-aws-config").toString());
    env.put("AWS_PAGER", "");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "aws", "--endpoint-url", "http://127.0.0.1:" + node.port(), "--output", "json"));
    cmd.addAll(List.of(args));
    return Skopeo.exec(Duration.ofSeconds(90), env, cmd);
  }

  /**
   * {@code berth hosts --data <data> --config <the node's regions>}, as an operator runs it beside
   * the serving node.
   */
  private String berthHosts() throws java.io.IOException {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      Path config = Files.writeString(tmp.resolve("berth.yaml"), "regions: eu-west-1\n");
      assertThat(Main.run("hosts", "--data", data.toString(), "--config", config.toString()))
          .isZero();
    } finally {
      System.setOut(out);
    }
    return o.toString(StandardCharsets.UTF_8);
  }

  @Test
  void secondAccount_pushesAndPullsOnItsEcrStyleName_throughTheLinesOfBerthHosts()
      throws Exception {
    String uri =
        aws(OTHER_KEY, OTHER_SECRET, "ecr", "create-repository", "--repository-name", "app")
            .path("repository")
            .path("repositoryUri")
            .asText();
    String host = "222222222222.dkr.ecr.us-east-1.localhost:" + node.port();
    assertThat(uri).isEqualTo(host + "/app");
    JsonNode auth =
        aws(OTHER_KEY, OTHER_SECRET, "ecr", "get-authorization-token")
            .path("authorizationData")
            .path(0);
    assertThat(auth.path("proxyEndpoint").asText()).isEqualTo("http://" + host);
    String password =
        new String(
                java.util.Base64.getDecoder().decode(auth.path("authorizationToken").asText()),
                StandardCharsets.UTF_8)
            .substring("AWS:".length());

    String printed = berthHosts();
    assertThat(printed.lines().filter(l -> !l.startsWith("#")))
        .containsExactly(
            "127.0.0.1 000000000000.dkr.ecr.us-east-1.localhost",
            "127.0.0.1 000000000000.dkr.ecr.eu-west-1.localhost",
            "127.0.0.1 222222222222.dkr.ecr.us-east-1.localhost",
            "127.0.0.1 222222222222.dkr.ecr.eu-west-1.localhost");
    Path hostsFile =
        Files.writeString(tmp.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n" + printed);

    ContainerClients plain = ContainerClients.isolatedIn(tmp.resolve("clients"));
    ContainerClients clients = plain.withHosts(hostsFile);
    String name = "222222222222.dkr.ecr.us-east-1.localhost";
    boolean machineResolves =
        Skopeo.exec(Duration.ofSeconds(20), System.getenv(), List.of("getent", "hosts", name))
                .exitCode()
            == 0;
    if (!machineResolves) {
      // Without the lines the name does not resolve here, so they are what makes it work.
      Skopeo.Result without =
          plain.skopeo("inspect", "--tls-verify=false", "docker://" + uri + ":v1");
      assertThat(without.exitCode()).isNotZero();
      assertThat(without.stderr()).contains("lookup " + name);
    }

    clients.login(host, password).orThrow();
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 2, 20_000, 5);
    clients
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":v1",
            "docker://" + uri + ":v1")
        .orThrow();
    clients.podman("pull", "--quiet", "--tls-verify=false", uri + ":v1").orThrow();
    clients.podman("tag", uri + ":v1", uri + ":v2").orThrow();
    clients.podman("push", "--quiet", "--tls-verify=false", uri + ":v2").orThrow();
    String v1 = configDigest(clients, uri + ":v1");
    assertThat(configDigest(clients, uri + ":v2")).isEqualTo(v1);

    // The host name selected account 2's registry: the images are in its repository.
    JsonNode images =
        aws(OTHER_KEY, OTHER_SECRET, "ecr", "list-images", "--repository-name", "app")
            .path("imageIds");
    assertThat(images.findValuesAsText("imageTag")).containsExactlyInAnyOrder("v1", "v2");
    assertThat(
            aws(ROOT_KEY, ROOT_SECRET, "ecr", "describe-repositories")
                .path("repositories")
                .findValuesAsText("repositoryName"))
        .doesNotContain("app");
  }

  /**
   * Issue 13: each served region is its own registry of the account. A repository created with
   * {@code --region eu-west-1} has that region's ARN and host name, is not listed in us-east-1
   * (where the same name is another repository), takes pushes on its host name, and keeps its own
   * registry policy; a region the deployment does not serve is refused.
   */
  @Test
  void secondRegion_isItsOwnRegistry_withItsOwnNamesRepositoriesAndPolicy() throws Exception {
    JsonNode dublin =
        awsIn("eu-west-1", "ecr", "create-repository", "--repository-name", "app")
            .path("repository");
    String host = "000000000000.dkr.ecr.eu-west-1.localhost:" + node.port();
    assertThat(dublin.path("repositoryUri").asText()).isEqualTo(host + "/app");
    assertThat(dublin.path("repositoryArn").asText())
        .isEqualTo("arn:aws:ecr:eu-west-1:000000000000:repository/app");
    assertThat(
            awsIn("us-east-1", "ecr", "describe-repositories")
                .path("repositories")
                .findValuesAsText("repositoryName"))
        .doesNotContain("app");
    JsonNode virginia =
        awsIn("us-east-1", "ecr", "create-repository", "--repository-name", "app")
            .path("repository");
    assertThat(virginia.path("repositoryUri").asText())
        .isEqualTo("127.0.0.1:" + node.port() + "/app");
    assertThat(virginia.path("repositoryArn").asText()).contains(":us-east-1:");
    JsonNode auth =
        awsIn("eu-west-1", "ecr", "get-authorization-token").path("authorizationData").path(0);
    assertThat(auth.path("proxyEndpoint").asText()).isEqualTo("http://" + host);

    Skopeo.Result unserved =
        signedIn("us-west-2", ROOT_KEY, ROOT_SECRET, "ecr", "describe-repositories");
    assertThat(unserved.exitCode()).isNotZero();
    assertThat(unserved.stderr())
        .contains("InvalidSignatureException")
        .contains("Credential should be scoped to a valid region");

    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":[\"ecr:ReplicateImage\"],"
            + "\"Resource\":\"arn:aws:ecr:eu-west-1:000000000000:repository/*\"}]}";
    awsIn("eu-west-1", "ecr", "put-registry-policy", "--policy-text", policy);
    assertThat(awsIn("eu-west-1", "ecr", "get-registry-policy").path("policyText").asText())
        .contains("ecr:ReplicateImage");
    Skopeo.Result none = signedIn("us-east-1", ROOT_KEY, ROOT_SECRET, "ecr", "get-registry-policy");
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).contains("RegistryPolicyNotFoundException");

    String password =
        new String(
                java.util.Base64.getDecoder().decode(auth.path("authorizationToken").asText()),
                StandardCharsets.UTF_8)
            .substring("AWS:".length());
    Path hostsFile =
        Files.writeString(
            tmp.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n" + berthHosts());
    ContainerClients clients =
        ContainerClients.isolatedIn(tmp.resolve("clients")).withHosts(hostsFile);
    clients.login(host, password).orThrow();
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 1, 10_000, 3);
    clients
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":v1",
            "docker://" + host + "/app:v1")
        .orThrow();
    assertThat(
            awsIn("eu-west-1", "ecr", "list-images", "--repository-name", "app")
                .path("imageIds")
                .findValuesAsText("imageTag"))
        .containsExactly("v1");
    assertThat(
            awsIn("us-east-1", "ecr", "list-images", "--repository-name", "app")
                .path("imageIds")
                .size())
        .isZero();
  }

  private static String configDigest(ContainerClients clients, String reference) throws Exception {
    String raw =
        clients
            .skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + reference)
            .orThrow()
            .stdout();
    return Json.mapper().readTree(raw).path("config").path("digest").asText();
  }
}
