package dev.berth.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.tls.CertificateWatcher;
import dev.berth.tls.CertificateWatcher.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls: files}: the operator's PEM pair is served, replaced files are picked up without a
 * restart by new connections, and a broken replacement keeps the previous pair serving. The client
 * trusts only the test CA that signed both fixture pairs (src/test/resources/tls/).
 */
class TlsReloadTest {
  @TempDir Path tmp;

  private Path cert;
  private Path key;
  private TestNode node;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(TlsReloadTest.class.getResource("/tls/" + name), name).toURI());
  }

  /** Replaces {@code target} as an operator's tooling would: a new file moved into place. */
  private void replace(Path target, Path source) throws IOException {
    Path next = target.resolveSibling(target.getFileName() + ".next");
    Files.copy(source, next, StandardCopyOption.REPLACE_EXISTING);
    Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void install(String certFixture, String keyFixture) throws Exception {
    replace(cert, fixture(certFixture));
    replace(key, fixture(keyFixture));
  }

  @BeforeEach
  void start() throws Exception {
    cert = tmp.resolve("server.crt");
    key = tmp.resolve("server.key");
    install("rsa-chain.crt", "rsa-pkcs1.key");
    node =
        TestNode.start(
            tmp.resolve("node"), Map.of("tls-cert", cert.toString(), "tls-key", key.toString()));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /**
   * Checks until the watcher has looked at the files as they are now (its background thread may
   * have done so already); returns the last outcome.
   */
  private Outcome settle() {
    CertificateWatcher watcher = node.berth().servingTls().orElseThrow().watcher();
    Outcome o = watcher.check();
    for (int i = 0; i < 3 && o == Outcome.CHANGING; i++) {
      o = watcher.check();
    }
    return o;
  }

  private SSLSocket connect() throws Exception {
    SSLSocket s =
        (SSLSocket)
            TlsTrust.context(fixture("ca.crt"))
                .getSocketFactory()
                .createSocket("127.0.0.1", node.berth().port());
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /** The subject of the certificate a new connection is served. */
  private String served() throws Exception {
    try (SSLSocket s = connect()) {
      return ((X509Certificate) s.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    }
  }

  /**
   * {@code GET /healthz} on an open connection; returns the status line, reads the whole answer.
   */
  private static String healthz(SSLSocket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    String status = line(in);
    long length = 0;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(h.substring(h.indexOf(':') + 1).strip());
      }
    }
    in.readNBytes((int) length);
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
      line.append((char) c);
    }
    return line.toString().strip();
  }

  @Test
  void servesTheConfiguredChain_overHttps() throws Exception {
    try (SSLSocket s = connect()) {
      var chain = s.getSession().getPeerCertificates();
      assertThat(chain).hasSize(2);
      assertThat(((X509Certificate) chain[0]).getSubjectX500Principal().getName())
          .contains("CN=rsa");
      assertThat(healthz(s)).isEqualTo("HTTP/1.1 200 OK");
    }
    assertThat(node.base().getScheme()).isEqualTo("https");
  }

  @Test
  void replacedFiles_newConnectionsSeeTheNewCertificate_openOnesKeepWorking() throws Exception {
    SSLSocket before = connect();
    assertThat(healthz(before)).isEqualTo("HTTP/1.1 200 OK");

    install("ec.crt", "ec-sec1.key");
    Outcome outcome = settle();

    assertThat(outcome).isIn(Outcome.RELOADED, Outcome.UNCHANGED);
    assertThat(served()).contains("CN=ec");
    try (before) {
      assertThat(healthz(before))
          .as("a connection opened before the reload")
          .isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void brokenReplacement_keepsServingTheOldPair_untilAGoodOneArrives() throws Exception {
    install("rsa.crt", "ec-pkcs8.key"); // a key of another certificate
    assertThat(settle()).isIn(Outcome.REJECTED, Outcome.UNCHANGED);
    assertThat(served()).contains("CN=rsa");

    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\ntruncated");
    assertThat(settle()).isIn(Outcome.REJECTED, Outcome.UNCHANGED);
    assertThat(served()).contains("CN=rsa");

    Files.delete(key);
    assertThat(settle()).isIn(Outcome.REJECTED, Outcome.UNCHANGED);
    assertThat(served()).contains("CN=rsa");

    install("ec.crt", "ec-pkcs8.key");
    assertThat(settle()).isIn(Outcome.RELOADED, Outcome.UNCHANGED);
    assertThat(served()).contains("CN=ec");
  }

  @Test
  void badPemAtStart_failsInOneLineNamingTheFile_beforeTheDatabaseIsWritten() throws Exception {
    Path data = tmp.resolve("other");
    Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate\n");
    assertThatThrownBy(
            () ->
                TestNode.start(
                    data, Map.of("tls-cert", garbage.toString(), "tls-key", key.toString())))
        .isInstanceOf(StartupException.class)
        .hasMessage("certificate " + garbage + ": no PEM CERTIFICATE block in it");
    assertThat(data.resolve("berth.db")).doesNotExist();
    Path unreadable = tmp.resolve("missing.key");
    assertThatThrownBy(
            () ->
                TestNode.start(
                    data, Map.of("tls-cert", cert.toString(), "tls-key", unreadable.toString())))
        .isInstanceOf(StartupException.class)
        .hasMessage("private key " + unreadable + ": cannot read: no such file");
  }
}
