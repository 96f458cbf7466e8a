package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.common.Json;
import dev.berth.testkit.ContainerClients;
import dev.berth.testkit.OciLayoutFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "URIs that work when pasted": the {@code repositoryUri} of the ECR API, the {@code
 * proxyEndpoint} of GetAuthorizationToken (and so the {@code docker login} line of {@code aws ecr
 * get-login}), the browser's URI column, Copy buttons and push commands name one address, and that
 * address pasted into skopeo and podman reaches this registry. (The same for a second account's
 * {@code <account>.dkr.ecr.<region>.localhost} names, resolved through the lines of {@code berth
 * hosts}, is {@code MultiAccountHostsEndToEndTest} in berth-cli.)
 */
class RegistryAddressEndToEndTest {
  @TempDir Path tmp;
  private TestNode node;
  private AwsCli aws;

  @BeforeEach
  void start() throws Exception {
    SkopeoCli.requireInstalled();
    assertThat(ContainerClients.podmanAvailable())
        .as("podman must be installed for this test (./berth test installs it)")
        .isTrue();
    node = TestNode.start(tmp.resolve("node"));
    aws = new AwsCli(node, tmp);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** What the ECR API hands out for a repository, and the login line built from it. */
  private record Handed(String uri, String proxyEndpoint, String loginLine) {
    String registry() {
      return uri.substring(0, uri.indexOf('/'));
    }
  }

  private Handed handedOut(Map<String, String> env, String name) {
    String created =
        aws.ok(env, "ecr", "create-repository", "--repository-name", name)
            .path("repository")
            .path("repositoryUri")
            .asText();
    JsonNode described =
        aws.ok(env, "ecr", "describe-repositories", "--repository-names", name)
            .path("repositories")
            .path(0);
    assertThat(described.path("repositoryUri").asText()).isEqualTo(created);
    String proxy =
        aws.ok(env, "ecr", "get-authorization-token")
            .path("authorizationData")
            .path(0)
            .path("proxyEndpoint")
            .asText();
    // aws CLI v1 prints the docker login line from the same proxyEndpoint.
    String login =
        aws.run(env, "ecr", "get-login", "--no-include-email").orThrow().stdout().strip();
    return new Handed(created, proxy, login);
  }

  /** The browser, signed in as {@code keyId}, shows {@code handed} in every place it shows one. */
  private void browserAgrees(String keyId, String secret, String name, Handed handed)
      throws Exception {
    UiHttp ui = UiHttp.signIn(node.base(), keyId, secret);
    String list = ui.page("/ui/repositories");
    assertThat(UiHttp.copyValues(list)).contains(handed.uri());
    assertThat(list).contains("<code class=\"wrap\">" + handed.uri() + "</code>");
    String push = ui.page("/ui/repositories/" + name + "/-/push");
    assertThat(UiHttp.byId(push, "repo-uri")).isEqualTo(handed.uri());
    assertThat(UiHttp.byId(push, "cmd-login"))
        .isEqualTo(
            "aws ecr get-login-password --region us-east-1 --endpoint-url "
                + node.base()
                + " | docker login --username AWS --password-stdin "
                + handed.registry());
    assertThat(UiHttp.byId(push, "cmd-tag")).endsWith(" " + handed.uri() + ":latest");
    assertThat(UiHttp.byId(push, "cmd-push")).isEqualTo("docker push " + handed.uri() + ":latest");
    assertThat(UiHttp.copyValues(push))
        .contains(UiHttp.byId(push, "cmd-login"), "docker push " + handed.uri() + ":latest");
    String create = ui.page("/ui/create-repository");
    assertThat(create).contains("aria-hidden=\"true\">" + handed.registry() + "/</span>");
    assertThat(UiHttp.byId(ui.page("/ui/registry"), "registry-address"))
        .isEqualTo(handed.registry());
  }

  @Test
  void defaultAccount_everyAddressAgrees_andWorksPastedIntoSkopeoAndPodman() throws Exception {
    Map<String, String> root = aws.root();
    Handed handed = handedOut(root, "team/app");
    assertThat(handed.uri()).isEqualTo(node.hostPort() + "/team/app");
    assertThat(handed.proxyEndpoint()).isEqualTo("http://" + handed.registry());
    assertThat(handed.loginLine()).startsWith("docker login -u AWS -p ");
    assertThat(handed.loginLine()).endsWith(" " + handed.proxyEndpoint());
    browserAgrees(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY, "team/app", handed);

    // Paste: log in as the login line says (podman in place of docker), push and pull the URI.
    ContainerClients clients = ContainerClients.isolatedIn(tmp.resolve("clients"));
    String password =
        handed.loginLine().substring("docker login -u AWS -p ".length()).split(" ", -1)[0];
    clients.login(handed.proxyEndpoint().substring("http://".length()), password).orThrow();
    Path layout = tmp.resolve("layout");
    OciLayoutFixture.writeImage(layout, "v1", 2, 20_000, 11);
    clients
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":v1",
            "docker://" + handed.uri() + ":v1")
        .orThrow();
    clients.podman("pull", "--quiet", "--tls-verify=false", handed.uri() + ":v1").orThrow();
    clients.podman("tag", handed.uri() + ":v1", handed.uri() + ":v2").orThrow();
    clients.podman("push", "--quiet", "--tls-verify=false", handed.uri() + ":v2").orThrow();
    String v1Config = configDigest(clients, handed.uri() + ":v1");
    assertThat(configDigest(clients, handed.uri() + ":v2")).isEqualTo(v1Config);
    assertThat(
            clients
                .podman("image", "inspect", "--format", "{{.Id}}", handed.uri() + ":v1")
                .orThrow()
                .stdout()
                .strip())
        .isEqualTo(v1Config.substring("sha256:".length()));
    JsonNode images =
        aws.ok(root, "ecr", "list-images", "--repository-name", "team/app").path("imageIds");
    assertThat(images.findValuesAsText("imageTag")).containsExactlyInAnyOrder("v1", "v2");
  }

  @Test
  void anotherAccount_everyAddressAgreesOnItsEcrStyleName() throws Exception {
    String[] other = node.createAccount("222222222222");
    Map<String, String> env = aws.env(other[0], other[1], "");
    Handed handed = handedOut(env, "app");
    String host = "222222222222.dkr.ecr.us-east-1.localhost:" + node.base().getPort();
    assertThat(handed.uri()).isEqualTo(host + "/app");
    assertThat(handed.proxyEndpoint()).isEqualTo("http://" + host);
    assertThat(handed.loginLine()).endsWith(" http://" + host);
    browserAgrees(other[0], other[1], "app", handed);
    // A token for several registries names each on its own address.
    assertThat(
            aws.ok(
                    env,
                    "ecr",
                    "get-authorization-token",
                    "--registry-ids",
                    "000000000000",
                    "222222222222")
                .path("authorizationData")
                .findValuesAsText("proxyEndpoint"))
        .containsExactly("http://" + node.hostPort(), "http://" + host);
    UiHttp ui = UiHttp.signIn(node.base(), other[0], other[1]);
    assertThat(ui.page("/ui/repositories/app/-/push")).contains("id=\"hosts-hint\"");
    // The default account's names still resolve without hosts lines: no hint for its root.
    aws.ok(aws.root(), "ecr", "create-repository", "--repository-name", "team/app");
    UiHttp rootUi =
        UiHttp.signIn(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    assertThat(rootUi.page("/ui/repositories/team/app/-/push")).doesNotContain("hosts-hint");
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
