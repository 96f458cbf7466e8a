package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@code podman} (Debian's, {@code /usr/bin/podman}) with everything of its own under one
 * directory: image storage ({@code --root}, {@code --runroot}, the {@code vfs} driver, which needs
 * no kernel support), containers.conf, registries.conf, the signature policy, the auth file, {@code
 * HOME} and {@code TMPDIR}. Registries are reached over HTTPS verified against the CA in the {@code
 * --cert-dir} given to each command; no insecure option is ever passed. Only pull, push, login and
 * image commands are used: no container runs.
 */
final class PodmanCli {
  static final Path BINARY = Path.of("/usr/bin/podman");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Map<String, String> environment;
  private final List<String> global;
  private final Path authFile;
  private final Path policy;

  private PodmanCli(
      Map<String, String> environment, List<String> global, Path authFile, Path policy) {
    this.environment = Map.copyOf(environment);
    this.global = List.copyOf(global);
    this.authFile = authFile;
    this.policy = policy;
  }

  /** Fails (does not skip) the calling test when podman cannot be run. */
  static void requireInstalled() {
    assertThat(Files.isExecutable(BINARY))
        .as(
            "the TLS end-to-end tests need Debian's podman at /usr/bin/podman (./berth test installs it)")
        .isTrue();
  }

  static PodmanCli isolatedIn(Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path config = Files.createDirectories(dir.resolve("config"));
    Path runtime = Files.createDirectories(dir.resolve("run"));
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path policy =
        write(
            config.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    Path registries =
        write(config.resolve("registries.conf"), "unqualified-search-registries = []\n");
    Path containers =
        write(
            config.resolve("containers.conf"),
            """
            [engine]
            events_logger = "none"
            cgroup_manager = "cgroupfs"
            """);
    Path storage =
        write(
            config.resolve("storage.conf"),
            "[storage]\ndriver = \"vfs\"\nrunroot = \""
                + dir.resolve("runroot")
                + "\"\ngraphroot = \""
                + dir.resolve("root")
                + "\"\n");
    Path authFile = write(config.resolve("auth.json"), "{}");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
    env.put("TMPDIR", tmp.toString());
    env.put("CONTAINERS_CONF", containers.toString());
    env.put("CONTAINERS_STORAGE_CONF", storage.toString());
    env.put("CONTAINERS_REGISTRIES_CONF", registries.toString());
    env.put("REGISTRIES_CONFIG_PATH", registries.toString());
    env.put("REGISTRY_AUTH_FILE", authFile.toString());
    env.put("LANG", "C");
    List<String> global =
        List.of(
            "--root",
            dir.resolve("root").toString(),
            "--runroot",
            dir.resolve("runroot").toString(),
            "--storage-driver",
            "vfs",
            "--tmpdir",
            tmp.toString());
    return new PodmanCli(env, global, authFile, policy);
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * {@code podman login} with a password on stdin-free {@code -p}, verifying with {@code certDir}.
   */
  Skopeo.Result login(String registry, String password, Path certDir) {
    return run(
        "login",
        "--authfile",
        authFile.toString(),
        "--cert-dir",
        certDir.toString(),
        "--username",
        "AWS",
        "--password",
        password,
        registry);
  }

  /** {@code podman pull -q}; stdout is the image id. */
  Skopeo.Result pull(String reference, Path certDir) {
    return run(
        "pull",
        "--quiet",
        "--signature-policy",
        policy.toString(),
        "--authfile",
        authFile.toString(),
        "--cert-dir",
        certDir.toString(),
        reference);
  }

  /** {@code podman pull -q} from a local transport such as {@code oci:DIR:TAG}. */
  Skopeo.Result pullLocal(String reference) {
    return run("pull", "--quiet", "--signature-policy", policy.toString(), reference);
  }

  Skopeo.Result push(String image, String destination, Path certDir) {
    return run(
        "push",
        "--quiet",
        "--signature-policy",
        policy.toString(),
        "--authfile",
        authFile.toString(),
        "--cert-dir",
        certDir.toString(),
        image,
        destination);
  }

  Skopeo.Result run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(global);
    cmd.addAll(List.of(args));
    return Skopeo.exec(TIMEOUT, environment, cmd);
  }
}
