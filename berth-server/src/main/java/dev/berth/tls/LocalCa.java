package dev.berth.tls;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic mode's local certificate authority and the server certificate it signs, kept in one
 * directory ({@code <data>/tls/}):
 *
 * <pre>
 * ca.pem           the CA certificate clients trust (0644)
 * ca-key.pem       its private key, PKCS#8 (0600)
 * server.pem       the server certificate, signed by the CA (0644)
 * server-key.pem   its private key, PKCS#8 (0600)
 * </pre>
 *
 * <p>Keys are EC P-256, signatures ECDSA with SHA-256. The CA is valid 10 years (basic constraints
 * CA with path length 0, key usage keyCertSign and cRLSign, both critical); the server certificate
 * 1 year (not a CA, digitalSignature, extended key usage serverAuth, the {@link ServerNames} as
 * subject alternative names). Both start an hour before creation, for clocks a little behind.
 *
 * <p>The CA is created once and kept: a {@code ca.pem} without its {@code ca-key.pem} is an error
 * rather than a reason to replace what users trust. The server certificate is written again, with
 * the same CA, when it is missing, unreadable, not the CA's, names other hosts than wanted, or
 * expires within 30 days. Each file is written to a temporary file and moved into place; a key is
 * written before its certificate.
 */
final class LocalCa {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVER_VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Logger LOG = LoggerFactory.getLogger(LocalCa.class);

  private final Path dir;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  LocalCa(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  Path caCertificate() {
    return dir.resolve("ca.pem");
  }

  Path caKey() {
    return dir.resolve("ca-key.pem");
  }

  Path serverCertificate() {
    return dir.resolve("server.pem");
  }

  Path serverKey() {
    return dir.resolve("server-key.pem");
  }

  /**
   * Creates the CA when there is none and a server certificate for {@code names} when the present
   * one does not do; returns whether the server certificate was written.
   */
  boolean ensure(ServerNames names) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new TlsException("failed to create the tls directory " + dir + ": " + e, e);
    }
    KeyMaterial ca = ensureCa();
    Instant now = clock.instant();
    String reason = reasonToRenew(ca, names, now);
    if (reason.isEmpty()) {
      return false;
    }
    KeyMaterial server = issueServer(ca, names, now);
    PemFiles.writePrivateKey(serverKey(), server.key());
    PemFiles.writeCertificates(serverCertificate(), server.chain());
    LOG.info(
        "wrote tls server certificate file={} reason={} names={} {} notAfter={}",
        serverCertificate(),
        reason,
        names.dnsNames(),
        names.ipAddresses(),
        server.certificate().getNotAfter().toInstant());
    return true;
  }

  private KeyMaterial ensureCa() {
    if (Files.exists(caCertificate())) {
      if (!Files.exists(caKey())) {
        throw new TlsException(
            "tls CA key "
                + caKey()
                + " is missing; restore it, or delete "
                + caCertificate()
                + " to create a new CA (clients must then trust the new one)");
      }
      return PemFiles.pair(caCertificate(), caKey());
    }
    KeyMaterial ca = issueCa(clock.instant());
    PemFiles.writePrivateKey(caKey(), ca.key());
    PemFiles.writeCertificates(caCertificate(), ca.chain());
    LOG.info(
        "created tls certificate authority file={} subject={}",
        caCertificate(),
        ca.certificate().getSubjectX500Principal().getName());
    return ca;
  }

  /** Why the present server certificate must be replaced; empty when it does. */
  private String reasonToRenew(KeyMaterial ca, ServerNames names, Instant now) {
    if (!Files.exists(serverCertificate()) || !Files.exists(serverKey())) {
      return "missing";
    }
    KeyMaterial server;
    try {
      server = PemFiles.pair(serverCertificate(), serverKey());
    } catch (TlsException e) {
      return "unusable";
    }
    X509Certificate cert = server.certificate();
    try {
      cert.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      return "not signed by the CA";
    }
    if (!ServerNames.of(cert).equals(names)) {
      return "names changed";
    }
    if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return "expires within " + RENEW_BEFORE.toDays() + " days";
    }
    return "";
  }

  KeyMaterial issueCa(Instant now) {
    KeyPair pair = newKeyPair();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Berth")
            .addRDN(
                BCStyle.CN,
                "Berth local CA " + HexFormat.of().formatHex(serial().toByteArray(), 0, 4))
            .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new KeyMaterial(pair.getPrivate(), List.of(sign(b, pair)));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new TlsException("failed to create a CA certificate: " + e.getMessage(), e);
    }
  }

  KeyMaterial issueServer(KeyMaterial ca, ServerNames names, Instant now) {
    KeyPair pair = newKeyPair();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Berth")
            .addRDN(BCStyle.CN, names.commonName())
            .build();
    X509Certificate caCert = ca.certificate();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      PublicKey caPublic = caCert.getPublicKey();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  caCert,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(SERVER_VALIDITY)),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, names.generalNames())
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(caPublic));
      return new KeyMaterial(pair.getPrivate(), List.of(sign(b, new KeyPair(caPublic, ca.key()))));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new TlsException("failed to create a server certificate: " + e.getMessage(), e);
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new TlsException("failed to generate an EC P-256 key: " + e.getMessage(), e);
    }
  }

  /** A positive random 127-bit serial number, unique in practice. */
  private BigInteger serial() {
    return new BigInteger(127, random).setBit(120);
  }
}
