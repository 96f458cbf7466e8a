package dev.berth.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.jspecify.annotations.Nullable;

/**
 * PEM files as OpenSSL writes them, read and written with Bouncy Castle. Certificates are {@code
 * CERTIFICATE} blocks; a private key is PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE
 * KEY}) or SEC1 ({@code EC PRIVATE KEY}, an {@code EC PARAMETERS} block before it is skipped).
 * Encrypted keys are refused. Keys are written as PKCS#8. Every failure is a {@link TlsException}
 * naming the file.
 */
final class PemFiles {
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  private PemFiles() {}

  /** The key and certificate chain in two files (they may be one file holding both). */
  static KeyMaterial pair(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    KeyMaterial material = new KeyMaterial(key, chain);
    if (!material.keyMatches()) {
      throw new TlsException(
          "private key "
              + keyFile
              + " does not belong to the first certificate in "
              + certificateFile);
    }
    return material;
  }

  /** Every certificate in the file, in file order; at least one. */
  static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object o : objects(file, "certificate")) {
      if (o instanceof X509CertificateHolder holder) {
        try {
          out.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw new TlsException(
              "certificate " + file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new TlsException("certificate " + file + ": no PEM CERTIFICATE block in it");
    }
    return out;
  }

  /** The first private key in the file. */
  static PrivateKey privateKey(Path file) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object o : objects(file, "private key")) {
      try {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      } catch (IOException e) {
        throw new TlsException(
            "private key " + file + ": not a usable RSA or EC key: " + e.getMessage(), e);
      }
      if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new TlsException(
            "private key " + file + ": encrypted keys are not supported (decrypt it first)");
      }
    }
    throw new TlsException(
        "private key "
            + file
            + ": no PEM PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block in it");
  }

  private static List<Object> objects(Path file, String what) {
    List<Object> out = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (@Nullable Object o = parser.readObject(); o != null; o = parser.readObject()) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      String reason =
          e instanceof java.nio.file.NoSuchFileException
              ? "no such file"
              : e instanceof java.nio.file.AccessDeniedException
                  ? "permission denied"
                  : String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
      throw new TlsException(what + " " + file + ": cannot read: " + reason, e);
    }
    return out;
  }

  /** Writes certificates, readable by everyone, replacing the file atomically. */
  static void writeCertificates(Path file, List<X509Certificate> certificates) {
    write(file, pem(certificates.toArray()), PUBLIC);
  }

  /** Writes a PKCS#8 private key readable by the owner only, replacing the file atomically. */
  static void writePrivateKey(Path file, PrivateKey key) {
    try {
      write(file, pem(new Object[] {new JcaPKCS8Generator(key, null).generate()}), PRIVATE);
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new TlsException("failed to encode a private key for " + file, e);
    }
  }

  private static String pem(Object[] objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    } catch (IOException e) {
      throw new TlsException("failed to encode PEM: " + e.getMessage(), e);
    }
    return text.toString();
  }

  /**
   * A temporary file with {@code permissions} from the start, synced, then moved over {@code file}.
   */
  private static void write(Path file, String text, Set<PosixFilePermission> permissions) {
    Path dir = file.toAbsolutePath().getParent();
    @Nullable Path tmp = null;
    try {
      tmp =
          Files.createTempFile(
              dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE));
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, permissions);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new TlsException("failed to write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the failure above is the one reported
        }
      }
    }
  }
}
