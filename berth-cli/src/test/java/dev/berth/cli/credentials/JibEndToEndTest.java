package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Main;
import dev.berth.common.Json;
import dev.berth.testkit.OciLayoutFixture;
import dev.berth.testkit.Skopeo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib, as Java teams push: a nested {@code mvn compile jib:build} of a one-class app (test resource
 * {@code jib-app}) on a base image in Berth, pushed to Berth with ECR-style credentials, first
 * through {@code jib.to.credHelper=berth} (Jib runs docker-credential-berth), then with {@code
 * jib.to.auth.username=AWS} and a GetAuthorizationToken password. Then skopeo pulls the image and
 * the digests Jib reported must be what Berth serves. Plain HTTP needs {@code
 * jib.allowInsecureRegistries} and {@code sendCredentialsOverHttp}. The nested build fetches the
 * plugin from Maven Central the first time.
 */
class JibEndToEndTest {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);

  @TempDir static Path shared;
  private static HelperNode node;
  private static Path bin;
  private static Identity identity;
  private static ContainerTools tools;
  private static OciLayoutFixture.Image base;

  @BeforeAll
  static void start() throws Exception {
    ContainerTools.requireInstalled("skopeo");
    ContainerTools.requireInstalled("mvn");
    node = HelperNode.start(shared.resolve("data"));
    bin = shared.resolve("bin");
    assertThat(Main.run("install-credential-helper", "--dir", bin.toString())).isZero();
    String[] key = node.newRootKey();
    identity = Identity.of(shared.resolve("identity"), key[0], key[1]);
    tools = ContainerTools.in(shared.resolve("tools"), bin, identity, node.hostPort());
    node.createRepository("jib/base");
    node.createRepository("jib/app");
    Path layout = shared.resolve("base-layout");
    base = OciLayoutFixture.writeImage(layout, "1", 1, 16 * 1024, 3L);
    tools
        .skopeo(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":1",
            "docker://" + node.hostPort() + "/jib/base:1")
        .orThrow();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A fresh copy of the app project under {@code dir}. */
  private static Path project(Path dir) throws Exception {
    Path source =
        Objects.requireNonNull(
            Path.of(
                    Objects.requireNonNull(JibEndToEndTest.class.getResource("/jib-app/pom.xml"))
                        .toURI())
                .getParent());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = dir.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return dir;
  }

  /** {@code mvn -B compile jib:build} of the app with {@code properties}; fails with its log. */
  private static void jib(Path project, Map<String, String> properties) throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of("mvn", "-B", "-f", project.resolve("pom.xml").toString()));
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-Djib.allowInsecureRegistries=true");
    cmd.add("-DsendCredentialsOverHttp=true");
    cmd.add("-Djib.disableUpdateChecks=true");
    cmd.add("-Djib.applicationCache=" + project.resolve("jib-cache"));
    cmd.add("-Djib.baseImageCache=" + project.resolve("jib-base-cache"));
    cmd.add("compile");
    cmd.add("com.google.cloud.tools:jib-maven-plugin:3.5.2:build");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(identity.env());
    // HOME stays (Maven's repository is under it); the helper's cache stays the identity's.
    env.put("HOME", System.getProperty("user.home"));
    env.put("XDG_CACHE_HOME", identity.home().resolve(".cache").toString());
    env.put("PATH", tools.env().get("PATH"));
    env.put("DOCKER_CONFIG", project.resolve("no-docker-config").toString());
    Skopeo.Result r = Skopeo.exec(BUILD_TIMEOUT, env, cmd);
    Files.writeString(project.resolve("mvn.log"), r.stdout() + r.stderr());
    r.orThrow();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /**
   * Pulls {@code reference} with skopeo into a {@code dir:} copy (manifest bytes as served) and
   * checks that the manifest hashes to {@code digest}, its config to {@code imageId}, and every
   * blob to its name; returns the layer digests.
   */
  private static List<String> pullAndCheck(
      Path out, String reference, String digest, String imageId) throws Exception {
    tools
        .skopeo("copy", "--quiet", "--src-tls-verify=false", "docker://" + reference, "dir:" + out)
        .orThrow();
    byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));
    assertThat(sha256(manifest)).as("digest of the manifest Berth serves").isEqualTo(digest);
    JsonNode m = Json.mapper().readTree(manifest);
    assertThat(m.path("config").path("digest").asText()).isEqualTo(imageId);
    List<String> layers = new ArrayList<>();
    for (JsonNode layer : m.path("layers")) {
      layers.add(layer.path("digest").asText());
    }
    List<String> blobs = new ArrayList<>(layers);
    blobs.add(imageId);
    for (String blob : blobs) {
      byte[] bytes = Files.readAllBytes(out.resolve(blob.substring("sha256:".length())));
      assertThat(sha256(bytes)).as("blob %s as pulled", blob).isEqualTo(blob);
    }
    return layers;
  }

  @Test
  void jibBuildsAndPushes_withTheCredentialHelper_andWithATokenPassword() throws Exception {
    String from = node.hostPort() + "/jib/base:1";
    Path first = project(shared.resolve("build-1"));
    jib(
        first,
        Map.of(
            "jib.from.image",
            from,
            "jib.from.credHelper",
            "berth",
            "jib.to.image",
            node.hostPort() + "/jib/app:1",
            "jib.to.credHelper",
            "berth"));
    assertThat(identity.cacheFile()).as("docker-credential-berth ran and cached a login").exists();
    String digest = Files.readString(first.resolve("target/jib-image.digest")).strip();
    String imageId = Files.readString(first.resolve("target/jib-image.id")).strip();
    JsonNode report = Json.mapper().readTree(first.resolve("target/jib-image.json").toFile());
    assertThat(report.path("imageDigest").asText()).isEqualTo(digest);

    List<String> layers =
        pullAndCheck(shared.resolve("pulled-1"), node.hostPort() + "/jib/app:1", digest, imageId);
    // The base image's layer comes first, then the app's own (at least its classes).
    byte[] baseManifest =
        Files.readAllBytes(
            shared.resolve("base-layout/blobs/sha256/" + base.digest().substring(7)));
    String baseLayer =
        Json.mapper().readTree(baseManifest).path("layers").get(0).path("digest").asText();
    assertThat(layers).hasSizeGreaterThan(1).first().isEqualTo(baseLayer);

    // Again with `-Djib.to.auth.username=AWS -Djib.to.auth.password=<token>`: the same inputs
    // make the same image (Jib is reproducible), under another tag.
    String password =
        CredentialHelper.of(
                identity.env(),
                identity.home(),
                Clock.systemUTC(),
                new PrintStream(OutputStream.nullOutputStream()))
            .get(node.hostPort())
            .secret();
    Path second = project(shared.resolve("build-2"));
    jib(
        second,
        Map.of(
            "jib.from.image",
            from,
            "jib.from.auth.username",
            "AWS",
            "jib.from.auth.password",
            password,
            "jib.to.image",
            node.hostPort() + "/jib/app:2",
            "jib.to.auth.username",
            "AWS",
            "jib.to.auth.password",
            password));
    assertThat(Files.readString(second.resolve("target/jib-image.digest")).strip())
        .isEqualTo(digest);
    assertThat(
            pullAndCheck(
                shared.resolve("pulled-2"), node.hostPort() + "/jib/app:2", digest, imageId))
        .isEqualTo(layers);
  }
}
