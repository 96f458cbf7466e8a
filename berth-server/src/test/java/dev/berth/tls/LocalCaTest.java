package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic mode's CA and server certificate: what they say, and when they are rewritten. */
class LocalCaTest {
  private static final ServerNames NAMES =
      ServerNames.wanted(
          "127.0.0.1", List.of("us-east-1"), "localhost", List.of(), Optional.empty());

  @TempDir Path dir;

  private final TestClock clock = TestClock.system();

  private LocalCa ca() {
    return new LocalCa(dir.resolve("tls"), clock);
  }

  @Test
  void firstStart_createsACaCertificateThatMayOnlySignCertificates() throws Exception {
    LocalCa ca = ca();
    assertThat(ca.ensure(NAMES)).isTrue();
    X509Certificate cert = PemFiles.certificates(ca.caCertificate()).get(0);
    assertThat(cert.getBasicConstraints()).as("CA with path length 0").isZero();
    assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    cert.verify(cert.getPublicKey()); // self-signed
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    assertThat(cert.getNotAfter().toInstant())
        .isBetween(now.plus(LocalCa.CA_VALIDITY).minusSeconds(1), now.plus(LocalCa.CA_VALIDITY));
    assertThat(PemFiles.pair(ca.caCertificate(), ca.caKey()).keyMatches()).isTrue();
  }

  @Test
  void serverCertificate_isSignedByTheCa_forServerAuth_namingTheWantedHosts() throws Exception {
    ServerNames names =
        ServerNames.wanted(
            "10.1.2.3",
            List.of("eu-west-1"),
            "registry.example",
            List.of("berth.internal", "192.168.7.7", "fd00::7"),
            Optional.of("box"));
    LocalCa ca = ca();
    ca.ensure(names);
    X509Certificate caCert = PemFiles.certificates(ca.caCertificate()).get(0);
    KeyMaterial server = PemFiles.pair(ca.serverCertificate(), ca.serverKey());
    X509Certificate cert = server.certificate();
    cert.verify(caCert.getPublicKey());
    assertThat(cert.getIssuerX500Principal()).isEqualTo(caCert.getSubjectX500Principal());
    assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(server.keyMatches()).isTrue();
    assertThat(server.key().getAlgorithm()).isEqualTo("EC");
    assertThat(ServerNames.of(cert).dnsNames())
        .containsExactly("*.dkr.ecr.eu-west-1.registry.example", "berth.internal", "localhost");
    assertThat(ServerNames.of(cert).ipAddresses())
        .containsExactlyInAnyOrder(
            "10.1.2.3", "127.0.0.1", "0:0:0:0:0:0:0:1", "192.168.7.7", "fd00:0:0:0:0:0:0:7");
    // the machine name only matters on a wildcard listen address
    assertThat(ServerNames.of(cert).dnsNames()).doesNotContain("box");
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    assertThat(cert.getNotAfter().toInstant())
        .isBetween(
            now.plus(LocalCa.SERVER_VALIDITY).minusSeconds(1), now.plus(LocalCa.SERVER_VALIDITY));
  }

  @Test
  void keysAreOwnerOnly_certificatesReadable_noTemporaryFilesLeft() throws Exception {
    LocalCa ca = ca();
    ca.ensure(NAMES);
    assertThat(Files.getPosixFilePermissions(ca.caKey())).isEqualTo(PemFiles.PRIVATE);
    assertThat(Files.getPosixFilePermissions(ca.serverKey())).isEqualTo(PemFiles.PRIVATE);
    assertThat(Files.getPosixFilePermissions(ca.caCertificate())).isEqualTo(PemFiles.PUBLIC);
    assertThat(Files.getPosixFilePermissions(ca.serverCertificate())).isEqualTo(PemFiles.PUBLIC);
    try (var files = Files.list(dir.resolve("tls"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.pem", "ca-key.pem", "server.pem", "server-key.pem");
    }
  }

  @Test
  void laterStarts_reuseEverything() throws Exception {
    ca().ensure(NAMES);
    byte[] caBytes = Files.readAllBytes(ca().caCertificate());
    byte[] serverBytes = Files.readAllBytes(ca().serverCertificate());
    clock.advance(Duration.ofDays(300));
    assertThat(ca().ensure(NAMES)).isFalse();
    assertThat(Files.readAllBytes(ca().caCertificate())).isEqualTo(caBytes);
    assertThat(Files.readAllBytes(ca().serverCertificate())).isEqualTo(serverBytes);
  }

  @Test
  void otherWantedNames_newServerCertificateFromTheSameCa() throws Exception {
    ca().ensure(NAMES);
    byte[] caBytes = Files.readAllBytes(ca().caCertificate());
    ServerNames more =
        ServerNames.wanted(
            "127.0.0.1",
            List.of("us-east-1"),
            "localhost",
            List.of("registry.lan"),
            Optional.empty());

    assertThat(ca().ensure(more)).isTrue();

    assertThat(Files.readAllBytes(ca().caCertificate())).isEqualTo(caBytes);
    X509Certificate server = PemFiles.certificates(ca().serverCertificate()).get(0);
    assertThat(ServerNames.of(server)).isEqualTo(more);
    server.verify(PemFiles.certificates(ca().caCertificate()).get(0).getPublicKey());
  }

  @Test
  void serverCertificateExpiringWithin30Days_isRenewedWithTheSameCa() throws Exception {
    ca().ensure(NAMES);
    byte[] caBytes = Files.readAllBytes(ca().caCertificate());
    byte[] serverBytes = Files.readAllBytes(ca().serverCertificate());
    clock.advance(LocalCa.SERVER_VALIDITY.minus(LocalCa.RENEW_BEFORE).plusHours(1));

    assertThat(ca().ensure(NAMES)).isTrue();

    assertThat(Files.readAllBytes(ca().caCertificate())).isEqualTo(caBytes);
    assertThat(Files.readAllBytes(ca().serverCertificate())).isNotEqualTo(serverBytes);
    assertThat(PemFiles.certificates(ca().serverCertificate()).get(0).getNotAfter().toInstant())
        .isAfter(clock.instant().plus(Duration.ofDays(364)));
  }

  @Test
  void serverCertificateOfAnotherCaOrABrokenOne_isReplaced() throws Exception {
    ca().ensure(NAMES);
    Files.copy(
        TlsFixtures.file("ec.crt"),
        ca().serverCertificate(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        TlsFixtures.file("ec-pkcs8.key"),
        ca().serverKey(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(ca().ensure(NAMES)).as("signed by the test CA, not this one").isTrue();
    Files.writeString(ca().serverKey(), "garbage");
    assertThat(ca().ensure(NAMES)).as("unreadable key").isTrue();
    assertThat(PemFiles.pair(ca().serverCertificate(), ca().serverKey()).keyMatches()).isTrue();
  }

  @Test
  void caCertificateWithoutItsKey_failsNamingTheKey_andKeepsTheCa() throws Exception {
    ca().ensure(NAMES);
    byte[] caBytes = Files.readAllBytes(ca().caCertificate());
    Files.delete(ca().caKey());
    assertThatThrownBy(() -> ca().ensure(NAMES))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith("tls CA key " + ca().caKey() + " is missing");
    assertThat(Files.readAllBytes(ca().caCertificate())).isEqualTo(caBytes);
  }

  @Test
  void wantedNames_followTheListenAddress() {
    ServerNames wildcard =
        ServerNames.wanted(
            "0.0.0.0", List.of("us-east-1"), "localhost", List.of(), Optional.of("box"));
    assertThat(wildcard.dnsNames())
        .containsExactly("*.dkr.ecr.us-east-1.localhost", "box", "localhost");
    assertThat(wildcard.ipAddresses()).containsExactly("0:0:0:0:0:0:0:1", "127.0.0.1");
    assertThat(
            ServerNames.wanted(
                "::", List.of("us-east-1"), "localhost", List.of(), Optional.of("box")))
        .isEqualTo(wildcard);
    ServerNames named =
        ServerNames.wanted(
            "Registry.Example", List.of("us-east-1"), "localhost", List.of(), Optional.of("box"));
    assertThat(named.dnsNames()).contains("registry.example").doesNotContain("box");
    ServerNames v6 =
        ServerNames.wanted(
            "fd00::1", List.of("us-east-1"), "localhost", List.of("::1"), Optional.empty());
    assertThat(v6.ipAddresses())
        .containsExactly("0:0:0:0:0:0:0:1", "127.0.0.1", "fd00:0:0:0:0:0:0:1");
    assertThat(
            ServerNames.wanted(
                    "127.0.0.1",
                    List.of("us-east-1", "eu-west-1"),
                    "localhost",
                    List.of(),
                    Optional.empty())
                .dnsNames())
        .as("every served region's registry names")
        .containsExactly(
            "*.dkr.ecr.eu-west-1.localhost", "*.dkr.ecr.us-east-1.localhost", "localhost");
    assertThat(ServerNames.loopback("127.0.0.1")).isTrue();
    assertThat(ServerNames.loopback("::1")).isTrue();
    assertThat(ServerNames.loopback("localhost")).isTrue();
    assertThat(ServerNames.loopback("0.0.0.0")).isFalse();
    assertThat(ServerNames.loopback("berth.example")).isFalse();
  }

  @Test
  void endpointHost_isCoveredWithoutItsPort() {
    assertThat(ServerNames.hostOf("registry.example.com:5443")).isEqualTo("registry.example.com");
    assertThat(ServerNames.hostOf("registry.example.com")).isEqualTo("registry.example.com");
    assertThat(ServerNames.hostOf("10.0.0.5:5000")).isEqualTo("10.0.0.5");
    assertThat(ServerNames.hostOf("[fd00::5]:5000")).isEqualTo("fd00::5");
    assertThat(ServerNames.hostOf("[fd00::5]")).isEqualTo("fd00::5");
  }
}
