package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Skopeo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * skopeo and podman with a private configuration under one directory (policy, registries.conf,
 * temporary and state directories) and an auth file that names {@code berth} as the credential
 * helper of one registry, so every login comes from {@code docker-credential-berth} found on {@code
 * PATH} (first entry: {@code bin}). Registry access is plain HTTP ({@code --tls-verify=false}).
 */
final class ContainerTools {
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final Map<String, String> env;
  private final Path authFile;
  private final Path policy;
  private final Path registriesConf;

  private ContainerTools(
      Path dir, Map<String, String> env, Path authFile, Path policy, Path registriesConf) {
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.authFile = authFile;
    this.policy = policy;
    this.registriesConf = registriesConf;
  }

  /** Tools for {@code identity}, with {@code {"credHelpers": {registry: "berth"}}} as auth file. */
  static ContainerTools in(Path dir, Path bin, Identity identity, String registry) {
    try {
      Files.createDirectories(dir);
      Path runtime = Files.createDirectories(dir.resolve("run"));
      Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
      Path tmp = Files.createDirectories(dir.resolve("tmp"));
      Path policy =
          Files.writeString(
              dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      Path registriesConf =
          Files.writeString(dir.resolve("registries.conf"), "unqualified-search-registries = []\n");
      Path authFile =
          Files.writeString(
              dir.resolve("auth.json"), "{\"credHelpers\":{\"" + registry + "\":\"berth\"}}");
      Map<String, String> env = new HashMap<>(identity.env());
      env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("XDG_RUNTIME_DIR", runtime.toString());
      env.put("XDG_CONFIG_HOME", identity.home().resolve(".config").toString());
      env.put("XDG_DATA_HOME", identity.home().resolve(".local/share").toString());
      env.put("TMPDIR", tmp.toString());
      env.put("DOCKER_CONFIG", identity.home().resolve(".docker").toString());
      env.put("REGISTRY_AUTH_FILE", authFile.toString());
      env.put("CONTAINERS_REGISTRIES_CONF", registriesConf.toString());
      env.put("LANG", "C");
      return new ContainerTools(dir, env, authFile, policy, registriesConf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void requireInstalled(String binary) {
    assertThat(
            Skopeo.exec(Duration.ofSeconds(30), System.getenv(), List.of(binary, "--version"))
                .exitCode())
        .as("%s must be installed for the credential helper's end-to-end tests", binary)
        .isZero();
  }

  Map<String, String> env() {
    return env;
  }

  Path authFile() {
    return authFile;
  }

  /**
   * skopeo with its own policy and registries configuration. It keeps its blob info cache under XDG
   * directories (here) rather than /var/lib only when it believes it runs rootless.
   */
  Skopeo.Result skopeo(String... args) {
    Map<String, String> e = new HashMap<>(env);
    e.put("_CONTAINERS_ROOTLESS_UID", "1000");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "skopeo",
                "--policy",
                policy.toString(),
                "--registries-conf",
                registriesConf.toString(),
                "--tmpdir",
                dir.resolve("tmp").toString()));
    cmd.addAll(List.of(args));
    return Skopeo.exec(TIMEOUT, e, cmd);
  }

  /** podman as root over its own storage (vfs), run root and temporary directory. */
  Skopeo.Result podman(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "podman",
                "--root",
                dir.resolve("storage").toString(),
                "--runroot",
                dir.resolve("runroot").toString(),
                "--storage-driver",
                "vfs",
                "--tmpdir",
                dir.resolve("tmp").toString(),
                "--cgroup-manager",
                "cgroupfs",
                "--events-backend",
                "file"));
    cmd.addAll(List.of(args));
    return Skopeo.exec(TIMEOUT, env, cmd);
  }

  /** Runs {@code sh -c script} with this environment. */
  Skopeo.Result sh(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
    cmd.addAll(List.of(args));
    return Skopeo.exec(TIMEOUT, env, cmd);
  }
}
