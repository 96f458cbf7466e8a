package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.Skopeo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A private Docker engine for one test class: {@code dockerd} as root with its data, exec root,
 * socket and pid file under one temporary directory, no bridge network and no iptables rules
 * (pushes and pulls need neither), the vfs storage driver (no mounts left behind). 127.0.0.0/8 is
 * an insecure registry for the engine by default, so it talks plain HTTP to a loopback node.
 * Stopped with SIGTERM, which also stops the containerd it started.
 */
final class DockerEngine implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Process dockerd;
  private final Path dir;
  private final Path socket;

  private DockerEngine(Process dockerd, Path dir, Path socket) {
    this.dockerd = dockerd;
    this.dir = dir;
    this.socket = socket;
  }

  /** The Debian CLI that matches the engine, else whichever {@code docker} is on PATH. */
  static String cli() {
    return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
  }

  /** Starts an engine under a new directory in /tmp (short: unix socket paths are limited). */
  static DockerEngine start() throws Exception {
    assertThat(ProcessHandle.current().info().user().orElse(""))
        .as("dockerd runs as root only; the docker tests need a root test run (CI is root)")
        .isEqualTo("root");
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-dockerd-");
    Path socket = dir.resolve("docker.sock");
    Process p =
        new ProcessBuilder(
                "dockerd",
                "--data-root",
                dir.resolve("data").toString(),
                "--exec-root",
                dir.resolve("exec").toString(),
                "-H",
                "unix://" + socket,
                "--pidfile",
                dir.resolve("dockerd.pid").toString(),
                "--bridge=none",
                "--iptables=false",
                "--ip-masq=false",
                "--storage-driver=vfs")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dockerd.log").toFile())
            .start();
    DockerEngine engine = new DockerEngine(p, dir, socket);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!engine.ping()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String log = Files.readString(dir.resolve("dockerd.log"));
        engine.close();
        throw new AssertionError("dockerd did not start:\n" + log);
      }
      Thread.sleep(200);
    }
    return engine;
  }

  /** {@code GET /_ping} over the socket answers {@code OK}. */
  private boolean ping() {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(
          ByteBuffer.wrap(
              "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (ch.read(buf) >= 0 && buf.hasRemaining()) {
        // read to the end: HTTP/1.0 closes after the answer
      }
      String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
      return answer.startsWith("HTTP/1.") && answer.contains(" 200 ") && answer.endsWith("OK");
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The CLI's environment: this engine, {@code config} as DOCKER_CONFIG, plus {@code extra}. */
  Map<String, String> env(Path config, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("DOCKER_HOST", "unix://" + socket);
    env.put("DOCKER_CONFIG", config.toString());
    env.putIfAbsent("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  /** Runs the docker CLI with {@code env}; {@code stdin} is written to its standard input. */
  Skopeo.Result docker(Map<String, String> env, String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(cli());
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder b = new ProcessBuilder(cmd);
      b.environment().clear();
      b.environment().putAll(env);
      Process p = b.start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", cmd) + " timed out after " + TIMEOUT);
      }
      return new Skopeo.Result(p.exitValue(), out.get(), err.get(), cmd);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stream to its end on a thread of its own (a full pipe never blocks the process). */
  private static CompletableFuture<String> drain(java.io.InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(e);
              }
            });
    return text;
  }

  @Override
  public void close() throws Exception {
    List<ProcessHandle> children = dockerd.descendants().toList();
    dockerd.destroy();
    if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
      dockerd.destroyForcibly().waitFor();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroy();
        child.onExit().get(30, TimeUnit.SECONDS);
      }
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException leftBehind) {
      // A file dockerd still held; the directory is under /tmp.
    }
  }
}
