package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.OciLayoutFixture.Image;
import dev.berth.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the real clients against one node serving HTTPS with {@code tls: auto}, each trusting
 * only the node's CA ({@code <data>/tls/ca.pem}) the way {@code berth serve} tells users to: skopeo
 * and podman through a certificate directory holding {@code ca.crt}, the aws CLI through {@code
 * AWS_CA_BUNDLE}. No insecure option is passed anywhere; each client is also shown to refuse the
 * node without the CA, so the checks do verify.
 */
class TlsEndToEndTest {
  @TempDir static Path shared;

  private static TestNode node;
  private static Path certDir;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    SkopeoCli.requireInstalled();
    PodmanCli.requireInstalled();
    node = TestNode.startTls(shared.resolve("node"));
    // what "cp ca.pem /etc/containers/certs.d/HOST:PORT/ca.crt" gives containers/image
    certDir = Files.createDirectories(shared.resolve("certs.d").resolve(node.hostPort()));
    Files.copy(node.caCertificate(), certDir.resolve("ca.crt"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String docker(String repositoryAndReference) {
    return "docker://" + node.hostPort() + "/" + repositoryAndReference;
  }

  private static String oci(Path layout, String tag) {
    return "oci:" + layout + ":" + tag;
  }

  private SkopeoCli skopeo() throws Exception {
    return SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken())
        .trusting(certDir);
  }

  @Test
  void skopeoCopiesInAndOut_overHttpsVerifiedAgainstTheCa() throws Exception {
    node.createRepository("tls/skopeo");
    Path src = tmp.resolve("src");
    Image image = OciLayoutFixture.writeImage(src, "v1", 3, 100 * 1024, 11L);
    SkopeoCli skopeo = skopeo();

    skopeo.copy(oci(src, "v1"), docker("tls/skopeo:v1")).orThrow();
    Path out = tmp.resolve("out");
    skopeo.copy(docker("tls/skopeo:v1"), oci(out, "v1")).orThrow();

    JsonNode inspected = Layouts.json(skopeo.inspect(docker("tls/skopeo:v1")).orThrow().stdout());
    assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
    assertThat(
            Layouts.json(skopeo.inspect(oci(out, "v1")).orThrow().stdout()).path("Digest").asText())
        .isEqualTo(image.digest());
    Layouts.assertSameBlobs(src, out, image.blobDigests());
    assertThat(String.join(" ", skopeo.inspect(docker("tls/skopeo:v1")).orThrow().command()))
        .doesNotContain("tls-verify");
  }

  @Test
  void skopeoWithoutTheCa_refusesTheNode() throws Exception {
    node.createRepository("tls/untrusted");
    Path empty = Files.createDirectories(tmp.resolve("no-ca"));
    Skopeo.Result r =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), node.registryToken())
            .trusting(empty)
            .listTags(docker("tls/untrusted"));
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("x509").contains("unknown authority");
  }

  @Test
  void podmanLogsInPushesAndPulls_overHttpsVerifiedAgainstTheCa() throws Exception {
    node.createRepository("tls/podman");
    Path src = tmp.resolve("src");
    OciLayoutFixture.writeImage(src, "v1", 2, 64 * 1024, 21L);
    PodmanCli podman = PodmanCli.isolatedIn(tmp.resolve("podman"));
    String id = podman.pullLocal(oci(src, "v1")).orThrow().stdout().strip();
    String reference = node.hostPort() + "/tls/podman:v1";

    Skopeo.Result login = podman.login(node.hostPort(), node.registryToken(), certDir).orThrow();
    assertThat(login.stdout()).contains("Login Succeeded");
    podman.push(id, "docker://" + reference, certDir).orThrow();
    podman.run("rmi", "--force", id).orThrow();
    String pulled = podman.pull(reference, certDir).orThrow().stdout().strip();

    assertThat(pulled).as("the image id (its config digest) survives the round trip").isEqualTo(id);
    assertThat(podman.run("image", "exists", reference).exitCode()).isZero();

    Path empty = Files.createDirectories(tmp.resolve("no-ca"));
    Skopeo.Result untrusted = podman.pull(reference, empty);
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.stderr()).contains("x509").contains("unknown authority");
  }

  @Test
  void awsCliWithTheCaBundle_getsALoginPasswordAndDescribesRepositories() throws Exception {
    node.createRepository("tls/aws");
    AwsCli aws = new AwsCli(node, tmp);
    Map<String, String> env = new java.util.HashMap<>(aws.root());
    env.put("AWS_CA_BUNDLE", node.caCertificate().toString());
    assertThat(aws.command()).contains("https://127.0.0.1:" + node.berth().port());

    String password = aws.loginPassword(env);
    JsonNode repos = aws.ok(env, "ecr", "describe-repositories", "--repository-names", "tls/aws");
    JsonNode token = aws.ok(env, "ecr", "get-authorization-token");

    assertThat(password).isNotBlank();
    String basic =
        new String(
            Base64.getDecoder()
                .decode(
                    token.path("authorizationData").path(0).path("authorizationToken").asText()),
            StandardCharsets.UTF_8);
    assertThat(basic).startsWith("AWS:");
    assertThat(token.path("authorizationData").path(0).path("proxyEndpoint").asText())
        .startsWith("https://");
    assertThat(repos.path("repositories").path(0).path("repositoryName").asText())
        .isEqualTo("tls/aws");
    // the password works as a registry login over the same TLS
    SkopeoCli skopeo =
        SkopeoCli.isolatedIn(tmp.resolve("skopeo"), node.hostPort(), password).trusting(certDir);
    assertThat(skopeo.listTags(docker("tls/aws")).orThrow().stdout()).contains("tls/aws");

    Skopeo.Result untrusted = aws.run(aws.root(), "ecr", "describe-repositories");
    assertThat(untrusted.exitCode()).isNotZero();
    assertThat(untrusted.stderr()).contains("CERTIFICATE_VERIFY_FAILED");
  }
}
