package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real {@code podman} and {@code skopeo} as a user pastes registry addresses into them, with
 * every piece of configuration and state under one directory: image storage ({@code --root}, {@code
 * --runroot}, the {@code vfs} driver), {@code containers.conf}, {@code storage.conf}, {@code
 * registries.conf}, a signature policy, {@code HOME}, {@code TMPDIR} and one auth file that {@code
 * podman login} writes and both read (as {@code docker login} would). Plain HTTP on loopback, so
 * every registry command carries {@code --tls-verify=false}.
 *
 * <p>{@link #withHosts} runs each command in a mount namespace of its own in which {@code
 * /etc/hosts} is the given file ({@code unshare -m} and a bind mount; needs root), so registry
 * names resolve as they would on a machine whose hosts file holds those lines, without touching
 * this machine's.
 */
public final class ContainerClients {
  /** Per command; a pull or push of a few MB over loopback takes about a second. */
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final Map<String, String> environment;
  private final Optional<Path> hosts;

  private ContainerClients(Path dir, Map<String, String> environment, Optional<Path> hosts) {
    this.dir = dir;
    this.environment = Map.copyOf(environment);
    this.hosts = hosts;
  }

  /** Whether {@code podman --version} runs. */
  public static boolean podmanAvailable() {
    try {
      return Skopeo.exec(Duration.ofSeconds(20), System.getenv(), List.of("podman", "--version"))
              .exitCode()
          == 0;
    } catch (AssertionError | RuntimeException e) {
      return false;
    }
  }

  /** Clients whose configuration and state all live under {@code dir}. */
  public static ContainerClients isolatedIn(Path dir) {
    try {
      Path conf = Files.createDirectories(dir.resolve("conf"));
      Path home = Files.createDirectories(dir.resolve("home"));
      Path tmp = Files.createDirectories(dir.resolve("tmp"));
      Path run = Files.createDirectories(dir.resolve("run"));
      Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(dir.resolve("storage"));
      Files.createDirectories(dir.resolve("registries.d"));
      write(conf.resolve("registries.conf"), "unqualified-search-registries = []\n");
      write(conf.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      write(
          conf.resolve("containers.conf"),
          "[engine]\ntmp_dir = \"" + dir.resolve("libpod") + "\"\nevents_logger = \"none\"\n");
      write(
          conf.resolve("storage.conf"),
          "[storage]\ndriver = \"vfs\"\ngraphroot = \""
              + dir.resolve("storage")
              + "\"\nrunroot = \""
              + run
              + "\"\n");
      write(conf.resolve("auth.json"), "{}");
      Map<String, String> env = new HashMap<>();
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
      env.put("HOME", home.toString());
      env.put("TMPDIR", tmp.toString());
      env.put("XDG_RUNTIME_DIR", run.toString());
      env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
      env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
      env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
      env.put("DOCKER_CONFIG", home.resolve(".docker").toString());
      env.put("REGISTRY_AUTH_FILE", conf.resolve("auth.json").toString());
      env.put("CONTAINERS_REGISTRIES_CONF", conf.resolve("registries.conf").toString());
      env.put("CONTAINERS_CONF", conf.resolve("containers.conf").toString());
      env.put("CONTAINERS_STORAGE_CONF", conf.resolve("storage.conf").toString());
      env.put("LANG", "C");
      return new ContainerClients(dir, env, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same clients, resolving host names through {@code hostsFile} instead of /etc/hosts. */
  public ContainerClients withHosts(Path hostsFile) {
    return new ContainerClients(dir, environment, Optional.of(hostsFile.toAbsolutePath()));
  }

  /** {@code podman login} as {@code docker login -u AWS -p <password> <registry>}. */
  public Skopeo.Result login(String registry, String password) {
    return podman("login", "--tls-verify=false", "-u", "AWS", "-p", password, registry);
  }

  /** {@code podman <args>} over this directory's image storage. */
  public Skopeo.Result podman(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "podman",
            "--root",
            dir.resolve("storage").toString(),
            "--runroot",
            dir.resolve("run").toString(),
            "--storage-driver",
            "vfs"));
    cmd.addAll(List.of(args));
    return exec(cmd, environment);
  }

  /** {@code skopeo <args>} with this directory's policy, registries and auth file. */
  public Skopeo.Result skopeo(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "skopeo",
            "--policy",
            dir.resolve("conf/policy.json").toString(),
            "--registries.d",
            dir.resolve("registries.d").toString(),
            "--tmpdir",
            dir.resolve("tmp").toString()));
    cmd.addAll(List.of(args));
    // As SkopeoCli in berth-server: a declared non-root user keeps containers/image's blob info
    // cache under XDG_DATA_HOME instead of the machine's /var/lib/containers/cache. (Podman keeps
    // it under its --root.)
    Map<String, String> env = new HashMap<>(environment);
    env.put("_CONTAINERS_ROOTLESS_UID", "1000");
    return exec(cmd, env);
  }

  private Skopeo.Result exec(List<String> command, Map<String, String> env) {
    List<String> full = new ArrayList<>();
    hosts.ifPresent(
        h ->
            full.addAll(
                List.of(
                    "unshare",
                    "-m",
                    "sh",
                    "-c",
                    "mount --bind \"$0\" /etc/hosts && exec \"$@\"",
                    h.toString())));
    full.addAll(command);
    return Skopeo.exec(TIMEOUT, env, full);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
