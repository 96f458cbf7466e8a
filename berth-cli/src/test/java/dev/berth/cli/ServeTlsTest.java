package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: what {@code berth serve} prints about TLS (the https endpoint, where the automatic CA
 * is and the commands that trust it), the warning for plain HTTP beyond loopback, and a bad PEM
 * file failing start-up in one line.
 */
class ServeTlsTest {
  @TempDir Path dir;

  /** Waits until the log holds a line starting with {@code prefix}; returns the log's lines. */
  private static List<String> awaitLine(Process p, Path log, String prefix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(log);
      if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
        return lines;
      }
      assertThat(p.isAlive()).as("berth serve is running; log: %s", lines).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("no line starting with " + prefix + " in " + Files.readString(log));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void tlsAuto_printsTheHttpsEndpointTheCaAndTheTrustCommands() throws Exception {
    Path data = dir.resolve("data");
    Path config = Files.writeString(dir.resolve("berth.yaml"), "version: 1\ntls: auto\n");
    Path log = dir.resolve("serve.log");
    int port = ServerProcess.freePort();
    Process p =
        ServerProcess.launch(
            log,
            "serve",
            "--config",
            config.toString(),
            "--listen",
            "127.0.0.1:" + port,
            "--data",
            data.toString());
    try {
      List<String> lines = awaitLine(p, log, "berth: root access key");
      Path ca = data.resolve("tls/ca.pem");
      String hp = "127.0.0.1:" + port;
      assertThat(lines)
          .anyMatch(l -> l.startsWith("berth: serving https://" + hp + " (started in"));
      assertThat(lines)
          .containsSubsequence(
              "berth: tls certificate authority " + ca + " (trust it once on each client machine):",
              "  podman, skopeo, buildah: mkdir -p /etc/containers/certs.d/"
                  + hp
                  + " && cp "
                  + ca
                  + " /etc/containers/certs.d/"
                  + hp
                  + "/ca.crt",
              "  docker: mkdir -p /etc/docker/certs.d/"
                  + hp
                  + " && cp "
                  + ca
                  + " /etc/docker/certs.d/"
                  + hp
                  + "/ca.crt",
              "  system store (Debian, Ubuntu): cp "
                  + ca
                  + " /usr/local/share/ca-certificates/berth.crt && update-ca-certificates",
              "  aws CLI: export AWS_CA_BUNDLE=" + ca);
      assertThat(lines).noneMatch(l -> l.contains("plain http"));
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("https://" + hp + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      stop(p);
    }
  }

  @Test
  void plainHttpOnAWildcardAddress_logsOneWarning() throws Exception {
    Path log = dir.resolve("serve.log");
    int port = ServerProcess.freePort();
    Process p =
        ServerProcess.launch(
            log, "serve", "--listen", "0.0.0.0:" + port, "--data", dir.resolve("data").toString());
    try {
      List<String> lines = awaitLine(p, log, "berth: root access key");
      assertThat(lines).anyMatch(l -> l.startsWith("berth: serving http://0.0.0.0:" + port));
      assertThat(lines.stream().filter(l -> l.contains("serving plain http on a non-loopback")))
          .singleElement()
          .satisfies(l -> assertThat(l).contains("WARN").contains("listen=0.0.0.0"));
    } finally {
      stop(p);
    }
  }

  @Test
  void certificateFileThatIsNotPem_failsStartInOneLineNamingIt() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");
    Path key = Files.writeString(dir.resolve("key.pem"), "not a key\n");
    Path config =
        Files.writeString(
            dir.resolve("berth.yaml"),
            "version: 1\ntls-cert: " + cert + "\ntls-key: " + key + "\n");
    Path log = dir.resolve("serve.log");
    Path data = dir.resolve("data");
    Process p =
        ServerProcess.launch(
            log,
            "serve",
            "--config",
            config.toString(),
            "--listen",
            "127.0.0.1:" + ServerProcess.freePort(),
            "--data",
            data.toString());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log).strip().lines().filter(l -> !l.startsWith("WARNING")))
        .containsExactly(
            "berth: cannot start: certificate " + cert + ": no PEM CERTIFICATE block in it");
    assertThat(data.resolve("berth.db")).doesNotExist();
  }
}
