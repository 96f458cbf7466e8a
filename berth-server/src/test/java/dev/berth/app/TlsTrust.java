package dev.berth.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side trust for tests: only the CA certificates in a PEM file, read by the JDK's own
 * certificate parser (not Berth's), with the JDK's default host name and chain checks.
 */
public final class TlsTrust {
  private TlsTrust() {}

  /** Trust managers that accept only chains ending at a certificate in {@code caPem}. */
  public static TrustManager[] trustManagers(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf.getTrustManagers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context with {@link #trustManagers}. */
  public static SSLContext context(Path caPem) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trustManagers(caPem), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
