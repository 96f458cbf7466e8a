package dev.berth.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code berth serve} in a child JVM (same classpath), so tests can kill it with SIGKILL. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs {@code berth <args>} in a child JVM; output goes to {@code log}. */
  static Process launch(Path log, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Starts {@code berth serve} on a free port over {@code data} and waits for {@code /healthz}. */
  static ServerProcess start(Path data, Path log) throws Exception {
    int port = freePort();
    Process p = launch(log, "serve", "--listen", "127.0.0.1:" + port, "--data", data.toString());
    ServerProcess sp = new ServerProcess(p, port);
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("server exited with " + p.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(sp.uri("/healthz")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return sp;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    sp.kill();
    throw new IllegalStateException("server did not answer within 30 s; see " + log);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** SIGKILL: no shutdown hooks, no flushing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
