package dev.berth.app;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TestNode} in a JVM of its own with a small heap, for tests of what a request may hold in
 * memory: an {@code OutOfMemoryError} there shows as failed requests instead of a broken test JVM.
 * The child prints its port and a registry login, then runs until its standard input closes.
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
    Files.createDirectories(dir);
    Path log = dir.resolve("node.log");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(ForkedNode.class.getName());
    cmd.add(dir.resolve("data").toString());
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

  /** The {@code Authorization} header of the default account's root on /v2. */
  public String basicAuth() {
    return basicAuth;
  }

  /** Everything the child printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child: {@code <data dir> <repository>...}. */
  public static void main(String[] args) throws Exception {
    try (TestNode node = TestNode.start(Path.of(args[0]))) {
      for (int i = 1; i < args.length; i++) {
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
