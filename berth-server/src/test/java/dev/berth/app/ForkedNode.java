package dev.berth.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TestNode} in a JVM of its own: with a small heap, for tests of what a request may hold
 * in memory (an {@code OutOfMemoryError} there shows as failed requests instead of a broken test
 * JVM), or with a config map, as one node of a cluster that a test can {@link #kill()} with {@code
 * SIGKILL}. The child prints its port and a registry login, then runs until its standard input
 * closes.
 */
public final class ForkedNode implements AutoCloseable {
  private final Process process;
  private final URI base;
  private final String basicAuth;
  private final Path log;

  private ForkedNode(Process process, URI base, String basicAuth, Path log) {
    this.process = process;
    this.base = base;
    this.basicAuth = basicAuth;
    this.log = log;
  }

  /** Starts a child JVM with {@code -Xmx<heap>} over {@code dir}, creating the repositories. */
  public static ForkedNode start(Path dir, String heap, String... repositories) throws Exception {
    return start(dir, heap, Map.of(), repositories);
  }

  /**
   * Starts a child JVM with {@code -Xmx<heap>} whose node has data under {@code dir/data} and the
   * extra config keys {@code config} (those {@link TestNode#start(Path, Map)} takes, such as {@code
   * database-url}, {@code blob-store}, {@code s3-*}, {@code master-key-file}), creating the
   * repositories.
   */
  public static ForkedNode start(
      Path dir, String heap, Map<String, String> config, String... repositories) throws Exception {
    Files.createDirectories(dir);
    Path log = dir.resolve("node.log");
    Path configFile = dir.resolve("node.properties");
    Properties props = new Properties();
    props.putAll(config);
    try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
      props.store(w, "forked node config");
    }
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(ForkedNode.class.getName());
    cmd.add(dir.resolve("data").toString());
    cmd.add(configFile.toString());
    cmd.addAll(List.of(repositories));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("forked-node port=")) {
          String[] parts = line.split(" ", 3);
          URI base = URI.create("http://127.0.0.1:" + parts[1].substring("port=".length()));
          return new ForkedNode(p, base, parts[2].substring("auth=".length()), log);
        }
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException("forked node did not start:\n" + Files.readString(log));
  }

  public URI base() {
    return base;
  }

  /** {@code 127.0.0.1:<port>}, as registry clients write it. */
  public String hostPort() {
    return base.getAuthority();
  }

  public int port() {
    return base.getPort();
  }

  /** The {@code Authorization} header of the default account's root on /v2. */
  public String basicAuth() {
    return basicAuth;
  }

  /** The registry token in {@link #basicAuth()}: the password of {@code docker login -u AWS}. */
  public String registryToken() {
    String decoded =
        new String(
            Base64.getDecoder().decode(basicAuth.substring("Basic ".length())),
            StandardCharsets.UTF_8);
    return decoded.substring("AWS:".length());
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Kills the child with {@code SIGKILL} (what {@link Process#destroyForcibly()} sends on Linux):
   * no shutdown hook, no draining, no closing of connections or transactions; waits until it is
   * gone.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + pid() + " still running after SIGKILL");
    }
  }

  /** Everything the child printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    if (!process.isAlive()) {
      return;
    }
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child: {@code <data dir> <config properties file> <repository>...}. */
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
      props.load(r);
    }
    Map<String, String> config = new HashMap<>();
    props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k)));
    try (TestNode node = TestNode.start(Path.of(args[0]), config)) {
      for (int i = 2; i < args.length; i++) {
        node.createRepository(args[i]);
      }
      System.out.println("forked-node port=" + node.base().getPort() + " auth=" + node.basicAuth());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes standard input
      }
    }
  }
}
