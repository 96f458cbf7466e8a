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
 * Runs the real {@code skopeo} against a test node with a private configuration: its own policy,
 * registries.conf, registries.d, empty auth file, temporary directory, {@code HOME} and {@code
 * XDG_*} directories, and no inherited environment besides {@code PATH}. Registry access is plain
 * HTTP without TLS verification, or, {@link #trusting} a directory holding the registry's {@code
 * ca.crt}, HTTPS verified against that CA only (issue 11). Skopeo 1.9 has no way to move the
 * drop-in directory {@code /etc/containers/registries.conf.d}, so its files are still read; they
 * only matter for short names, and every reference here is fully qualified.
 */
final class SkopeoCli {
  /** Per command; a copy of a few MB over loopback takes well under a second. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, String> environment;
  private final List<String> globalArgs;
  private final Path authFile;
  private final java.util.Optional<Path> certDir;

  private SkopeoCli(
      Map<String, String> environment,
      List<String> globalArgs,
      Path authFile,
      java.util.Optional<Path> certDir) {
    this.environment = Map.copyOf(environment);
    this.globalArgs = List.copyOf(globalArgs);
    this.authFile = authFile;
    this.certDir = certDir;
  }

  /**
   * The same skopeo verifying the registry's certificate against the CA in {@code certDir/ca.crt}
   * ({@code --src-cert-dir}, {@code --dest-cert-dir}, {@code --cert-dir}), with no {@code
   * --tls-verify=false} anywhere.
   */
  SkopeoCli trusting(Path certDir) {
    return new SkopeoCli(environment, globalArgs, authFile, java.util.Optional.of(certDir));
  }

  /** The TLS options of one side ({@code src-}, {@code dest-} or none). */
  private List<String> tls(String side) {
    return certDir
        .map(d -> List.of("--" + side + "cert-dir", d.toString()))
        .orElse(List.of("--" + side + "tls-verify=false"));
  }

  /** Fails (does not skip) the calling test when skopeo cannot be run. */
  static void requireInstalled() {
    assertThat(Skopeo.available())
        .as("the skopeo binary must be on PATH for the end-to-end tests (CI installs it)")
        .isTrue();
  }

  /**
   * A skopeo whose configuration and state all live under {@code dir}, logged in to {@code
   * registry} as {@code docker login -u AWS} would be (the auth file holds AWS:password).
   */
  static SkopeoCli isolatedIn(Path dir, String registry, String password) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path config = Files.createDirectories(dir.resolve("config"));
    Path runtime = Files.createDirectories(dir.resolve("run"));
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path registriesD = Files.createDirectories(config.resolve("registries.d"));
    Path policy =
        write(
            config.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    Path registriesConf =
        write(config.resolve("registries.conf"), "unqualified-search-registries = []\n");
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
    Path authFile =
        write(
            config.resolve("auth.json"),
            "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");

    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
    env.put("TMPDIR", tmp.toString());
    env.put("DOCKER_CONFIG", home.resolve(".docker").toString());
    env.put("REGISTRY_AUTH_FILE", authFile.toString());
    env.put("REGISTRIES_CONFIG_PATH", registriesConf.toString());
    env.put("CONTAINERS_REGISTRIES_CONF", registriesConf.toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    env.put("LANG", "C");
    // containers/image keeps the blob info cache (which drives cross-repository mounts), the
    // default signature lookaside and the short-name cache under /var/lib and /var/cache when it
    // runs as root, shared with every other skopeo and podman on the machine, and has no flag to
    // move them. Declaring a non-root user makes it use XDG_DATA_HOME and XDG_CACHE_HOME instead,
    // both under this directory. (Registries configuration, policy and auth are set explicitly.)
    env.put("_CONTAINERS_ROOTLESS_UID", "1000");

    List<String> global =
        List.of(
            "--policy",
            policy.toString(),
            "--registries-conf",
            registriesConf.toString(),
            "--registries.d",
            registriesD.toString(),
            "--tmpdir",
            tmp.toString());
    return new SkopeoCli(env, global, authFile, java.util.Optional.empty());
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * {@code skopeo copy} with the auth file (plain HTTP unless {@link #trusting}); extra options go
   * before the references.
   */
  Skopeo.Result copy(String source, String destination, String... options) {
    List<String> args = new ArrayList<>();
    args.add("copy");
    args.add("--quiet");
    args.addAll(tls("src-"));
    args.addAll(tls("dest-"));
    args.add("--authfile");
    args.add(authFile.toString());
    args.addAll(List.of(options));
    args.add(source);
    args.add(destination);
    return run(args);
  }

  /** {@code skopeo inspect} (JSON summary); {@code options} such as {@code --raw} come first. */
  Skopeo.Result inspect(String reference, String... options) {
    List<String> args = new ArrayList<>();
    args.add("inspect");
    args.addAll(tls(""));
    args.add("--authfile");
    args.add(authFile.toString());
    args.addAll(List.of(options));
    args.add(reference);
    return run(args);
  }

  /**
   * {@code skopeo inspect} choosing the {@code os}/{@code arch} instance when {@code reference} is
   * an image index.
   */
  Skopeo.Result inspectPlatform(String os, String arch, String reference) {
    List<String> args = new ArrayList<>();
    args.add("--override-os");
    args.add(os);
    args.add("--override-arch");
    args.add(arch);
    args.add("inspect");
    args.addAll(tls(""));
    args.add("--authfile");
    args.add(authFile.toString());
    args.add(reference);
    return run(args);
  }

  /** {@code skopeo list-tags}. */
  Skopeo.Result listTags(String reference) {
    List<String> args = new ArrayList<>(List.of("list-tags"));
    args.addAll(tls(""));
    args.addAll(List.of("--authfile", authFile.toString(), reference));
    return run(args);
  }

  private Skopeo.Result run(List<String> args) {
    List<String> all = new ArrayList<>(globalArgs);
    all.addAll(args);
    return Skopeo.run(TIMEOUT, environment, all.toArray(String[]::new));
  }
}
