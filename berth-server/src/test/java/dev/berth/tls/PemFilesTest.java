package dev.berth.tls;

import static dev.berth.tls.TlsFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as OpenSSL writes them: PKCS#8, PKCS#1 and SEC1 keys, chains, and what is refused. */
class PemFilesTest {
  @TempDir Path dir;

  @Test
  void rsaPkcs8Key_loadsAndMatchesItsCertificate() {
    KeyMaterial m = PemFiles.pair(file("rsa.crt"), file("rsa-pkcs8.key"));
    assertThat(m.key().getAlgorithm()).isEqualTo("RSA");
    assertThat(m.certificate().getSubjectX500Principal().getName()).contains("CN=rsa");
    assertThat(m.keyMatches()).isTrue();
  }

  @Test
  void rsaPkcs1Key_isTheSameKeyAsItsPkcs8Form() {
    PrivateKey pkcs1 = PemFiles.privateKey(file("rsa-pkcs1.key"));
    PrivateKey pkcs8 = PemFiles.privateKey(file("rsa-pkcs8.key"));
    assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
    assertThat(PemFiles.pair(file("rsa.crt"), file("rsa-pkcs1.key")).keyMatches()).isTrue();
  }

  @Test
  void ecSec1KeyAfterItsParametersBlock_andEcPkcs8Key_load() {
    KeyMaterial sec1 = PemFiles.pair(file("ec.crt"), file("ec-sec1.key"));
    KeyMaterial pkcs8 = PemFiles.pair(file("ec.crt"), file("ec-pkcs8.key"));
    assertThat(sec1.key().getAlgorithm()).isEqualTo("EC");
    assertThat(((ECPrivateKey) sec1.key()).getS()).isEqualTo(((ECPrivateKey) pkcs8.key()).getS());
    assertThat(sec1.keyMatches()).isTrue();
  }

  @Test
  void chain_keepsTheFileOrder_leafFirst() {
    List<X509Certificate> chain = PemFiles.certificates(file("rsa-chain.crt"));
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName()).contains("CN=rsa");
    assertThat(chain.get(1).getSubjectX500Principal().getName()).contains("CN=Berth test CA");
    assertThat(PemFiles.pair(file("rsa-chain.crt"), file("rsa-pkcs8.key")).chain()).hasSize(2);
  }

  @Test
  void keyOfAnotherCertificate_failsNamingBothFiles() {
    assertThatThrownBy(() -> PemFiles.pair(file("rsa.crt"), file("ec-pkcs8.key")))
        .isInstanceOf(TlsException.class)
        .hasMessageContaining(file("ec-pkcs8.key").toString())
        .hasMessageContaining("does not belong to the first certificate in " + file("rsa.crt"));
    // the CA's key is EC like the EC leaf's, but another key
    assertThatThrownBy(() -> PemFiles.pair(file("ec.crt"), file("ca.key")))
        .hasMessageContaining("does not belong");
  }

  @Test
  void encryptedKey_isRefusedInOneLine() {
    assertThatThrownBy(() -> PemFiles.privateKey(file("ec-encrypted.key")))
        .isInstanceOf(TlsException.class)
        .hasMessage(
            "private key "
                + file("ec-encrypted.key")
                + ": encrypted keys are not supported (decrypt it first)");
  }

  @Test
  void filesThatAreNotPem_orMissing_failNamingTheFile() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertThatThrownBy(() -> PemFiles.certificates(text))
        .hasMessage("certificate " + text + ": no PEM CERTIFICATE block in it");
    assertThatThrownBy(() -> PemFiles.privateKey(text))
        .hasMessageStartingWith("private key " + text + ": no PEM PRIVATE KEY");
    assertThatThrownBy(() -> PemFiles.certificates(file("rsa-pkcs8.key")))
        .hasMessageContaining("no PEM CERTIFICATE block");
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> PemFiles.privateKey(missing))
        .hasMessage("private key " + missing + ": cannot read: no such file");
    Path broken =
        Files.writeString(
            dir.resolve("broken.crt"),
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> PemFiles.certificates(broken))
        .isInstanceOf(TlsException.class)
        .hasMessageStartingWith("certificate " + broken + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void writtenKeyIsPkcs8AndOwnerOnly_writtenCertificateReadsBack() throws Exception {
    KeyMaterial m = PemFiles.pair(file("rsa-chain.crt"), file("rsa-pkcs1.key"));
    Path key = dir.resolve("k.pem");
    Path cert = dir.resolve("c.pem");
    PemFiles.writePrivateKey(key, m.key());
    PemFiles.writeCertificates(cert, m.chain());
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PemFiles.PRIVATE);
    assertThat(Files.getPosixFilePermissions(cert)).isEqualTo(PemFiles.PUBLIC);
    assertThat(PemFiles.pair(cert, key).sameAs(m)).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("k.pem", "c.pem");
    }
  }

  @Test
  void keyStore_opensWithItsPasswordForAKeyManager() throws Exception {
    KeyStore ks = PemFiles.pair(file("ec.crt"), file("ec-sec1.key")).keyStore();
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, KeyMaterial.KEY_STORE_PASSWORD.toCharArray());
    assertThat(kmf.getKeyManagers()).isNotEmpty();
    assertThat(ks.getCertificateChain(ks.aliases().nextElement())).hasSize(1);
  }
}
