package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real OCI distribution registry for tests: Debian's {@code docker-registry} (CNCF Distribution
 * 2.8) on a free 127.0.0.1 port, storing under a temp directory, anonymous or behind htpasswd Basic
 * auth (a bcrypt entry generated here) or Docker bearer tokens ({@link #withTokenAuth}).
 */
public final class DistributionServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final int port;

  private DistributionServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts a registry that takes Basic {@code user:password}. */
  public static DistributionServer withBasicAuth(Path dir, String user, String password) {
    try {
      Files.createDirectories(dir);
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      Path htpasswd =
          Files.writeString(
              dir.resolve("htpasswd"),
              user + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4) + "\n");
      return start(dir, "auth:\n  htpasswd:\n    realm: upstream\n    path: " + htpasswd + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a registry that takes bearer tokens from {@code realm} for {@code service}, signed by
   * {@code issuer} with the key of the PEM certificate {@code rootCertBundle}.
   */
  public static DistributionServer withTokenAuth(
      Path dir, URI realm, String service, String issuer, Path rootCertBundle) {
    return start(
        dir,
        "auth:\n  token:\n    realm: "
            + realm
            + "\n    service: "
            + service
            + "\n    issuer: "
            + issuer
            + "\n    rootcertbundle: "
            + rootCertBundle
            + "\n");
  }

  private static DistributionServer start(Path dir, String auth) {
    try {
      Files.createDirectories(dir);
      int port = freePort();
      Path config =
          Files.writeString(
              dir.resolve("config.yml"),
              "version: 0.1\n"
                  + "log:\n  level: warn\n"
                  + "storage:\n  filesystem:\n    rootdirectory: "
                  + Files.createDirectories(dir.resolve("storage"))
                  + "\n  delete:\n    enabled: true\n"
                  + "http:\n  addr: 127.0.0.1:"
                  + port
                  + "\n"
                  + auth,
              StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("registry.log").toFile())
              .start();
      DistributionServer server = new DistributionServer(p, port);
      server.awaitUp(dir);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitUp(Path dir) throws IOException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) url().resolve("/v2/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode();
        c.disconnect();
        return;
      } catch (IOException e) {
        sleep();
      }
    }
    close();
    throw new IllegalStateException("docker-registry did not start on port " + port);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code 127.0.0.1:<port>}, as image references name it. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI url() {
    return URI.create("http://" + hostPort());
  }

  /** Kills the registry (an upstream that went away) and waits for it to exit. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
