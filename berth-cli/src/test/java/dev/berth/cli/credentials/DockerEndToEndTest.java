package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.Main;
import dev.berth.testkit.Skopeo;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Docker engine and CLI against a node: {@code docker login -u AWS --password-stdin} with
 * a GetAuthorizationToken password, push, pull after removing the image, and the same through a
 * {@code credHelpers} entry naming {@code docker-credential-berth}; digests must be the ones the
 * node serves. One node and one dockerd for the class.
 */
class DockerEndToEndTest {
  private static final Pattern PUSHED = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size:");
  private static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  @TempDir static Path shared;
  private static HelperNode node;
  private static DockerEngine engine;
  private static Path bin;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    node = HelperNode.start(shared.resolve("data"));
    bin = shared.resolve("bin");
    assertThat(Main.run("install-credential-helper", "--dir", bin.toString())).isZero();
    engine = DockerEngine.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      node.close();
    }
  }

  private Identity newIdentity() {
    String[] key = node.newRootKey();
    return Identity.of(tmp.resolve("identity"), key[0], key[1]);
  }

  /** The CLI's environment for {@code id}, with docker-credential-berth first on PATH. */
  private Map<String, String> env(Identity id, Path dockerConfig) {
    Map<String, String> extra = new java.util.HashMap<>(id.env());
    extra.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return engine.env(dockerConfig, extra);
  }

  private Skopeo.Result docker(Map<String, String> env, String... args) {
    return engine.docker(env, "", args);
  }

  /** {@code docker import} of a one-file tar as {@code reference}; returns the image id. */
  private String importTinyImage(Map<String, String> env, String reference) throws Exception {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Files.writeString(rootfs.resolve("hello.txt"), "hello from " + reference + "\n");
    Path tar = tmp.resolve("rootfs.tar");
    Skopeo.exec(
            ContainerTools.TIMEOUT,
            System.getenv(),
            List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."))
        .orThrow();
    return docker(env, "import", tar.toString(), reference).orThrow().stdout().strip();
  }

  private static String pushedDigest(Skopeo.Result push) {
    Matcher m = PUSHED.matcher(push.orThrow().stdout());
    assertThat(m.find()).as("digest line in: %s", push.stdout()).isTrue();
    return m.group(1);
  }

  /** The digest the node serves for {@code repository:tag} (header, and hash of the bytes). */
  private String servedDigest(String repository, String tag) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString(("AWS:" + node.registryToken()).getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + node.hostPort()
                                + "/v2/"
                                + repository
                                + "/manifests/"
                                + tag))
                    .header("Authorization", "Basic " + basic)
                    .header("Accept", DOCKER_MANIFEST)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    String digest = r.headers().firstValue("Docker-Content-Digest").orElseThrow();
    assertThat(CredentialHelperEndToEndTest.sha256(new String(r.body(), StandardCharsets.UTF_8)))
        .isEqualTo(digest);
    return digest;
  }

  private String repoDigest(Map<String, String> env, String reference) {
    return docker(env, "image", "inspect", "--format", "{{index .RepoDigests 0}}", reference)
        .orThrow()
        .stdout()
        .strip();
  }

  @Test
  void loginPushPull_withAGetAuthorizationTokenPassword() throws Exception {
    node.createRepository("docker/imported");
    Identity id = newIdentity();
    Path config = Files.createDirectories(tmp.resolve("docker-config"));
    Map<String, String> env = env(id, config);
    String ref = node.hostPort() + "/docker/imported:1";
    String imageId = importTinyImage(env, ref);

    // The password GetAuthorizationToken hands out, as `aws ecr get-login-password` prints it.
    String password =
        CredentialHelper.of(
                id.env(),
                id.home(),
                Clock.systemUTC(),
                new PrintStream(OutputStream.nullOutputStream()))
            .get(node.hostPort())
            .secret();
    Skopeo.Result login =
        engine.docker(env, password, "login", "-u", "AWS", "--password-stdin", node.hostPort());
    assertThat(login.orThrow().stdout()).contains("Login Succeeded");

    String pushed = pushedDigest(docker(env, "push", ref));
    assertThat(servedDigest("docker/imported", "1")).isEqualTo(pushed);

    docker(env, "rmi", ref).orThrow();
    assertThat(docker(env, "image", "inspect", ref).exitCode()).isNotZero();
    docker(env, "pull", ref).orThrow();
    assertThat(repoDigest(env, ref)).isEqualTo(node.hostPort() + "/docker/imported@" + pushed);
    assertThat(
            docker(env, "image", "inspect", "--format", "{{.Id}}", ref).orThrow().stdout().strip())
        .isEqualTo(imageId);

    docker(env, "logout", node.hostPort()).orThrow();
    docker(env, "rmi", ref).orThrow();
    Skopeo.Result anonymous = docker(env, "pull", ref);
    assertThat(anonymous.exitCode()).isNotZero();
  }

  @Test
  void credHelpers_pushAndPullWithNoLogin_andDockerLoginUsesTheHelpersLogin() throws Exception {
    node.createRepository("docker/helper");
    Identity id = newIdentity();
    Path config = Files.createDirectories(tmp.resolve("docker-config"));
    Files.writeString(
        config.resolve("config.json"), "{\"credHelpers\":{\"" + node.hostPort() + "\":\"berth\"}}");
    Map<String, String> env = env(id, config);
    String ref = node.hostPort() + "/docker/helper:1";
    importTinyImage(env, ref);

    String pushed = pushedDigest(docker(env, "push", ref));
    assertThat(id.cacheFile()).as("the helper's token cache").exists();
    assertThat(servedDigest("docker/helper", "1")).isEqualTo(pushed);
    docker(env, "rmi", ref).orThrow();
    docker(env, "pull", ref).orThrow();
    assertThat(repoDigest(env, ref)).isEqualTo(node.hostPort() + "/docker/helper@" + pushed);

    // docker login takes the helper's login, the engine accepts it, and saving it back is refused
    // exactly as amazon-ecr-credential-helper refuses it ("not implemented"): no login is needed.
    Skopeo.Result login = engine.docker(env, "", "login", node.hostPort());
    assertThat(login.stdout()).contains("Authenticating with existing credentials");
    assertThat(login.stderr())
        .contains("not implemented")
        .doesNotContainIgnoringCase("unauthorized");
    assertThat(Files.readString(config.resolve("config.json"))).doesNotContain("auths");
  }
}
