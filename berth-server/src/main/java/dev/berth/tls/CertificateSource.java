package dev.berth.tls;

import dev.berth.config.BerthConfig;
import dev.berth.config.BerthConfig.TlsConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Where the node's certificate and key come from: the operator's two PEM files ({@code tls:
 * files}), or the local CA's server certificate under {@code <data>/tls/} ({@code tls: auto}),
 * created or renewed when this source is opened.
 */
public final class CertificateSource {
  private final Path certificate;
  private final Path key;
  private final Optional<LocalCa> ca;
  private final ServerNames names;

  private CertificateSource(Path certificate, Path key, Optional<LocalCa> ca, ServerNames names) {
    this.certificate = certificate;
    this.key = key;
    this.ca = ca;
    this.names = names;
  }

  /**
   * The source a configuration with TLS on names; in auto mode the CA and server certificate are
   * created or renewed first.
   *
   * @throws TlsException naming the file that cannot be used or written
   * @throws IllegalArgumentException when TLS is off
   */
  public static CertificateSource open(BerthConfig config, Clock clock) {
    TlsConfig tls = config.tls();
    ServerNames names = ServerNames.forConfig(config);
    return switch (tls.mode()) {
      case OFF -> throw new IllegalArgumentException("tls is off");
      case FILES ->
          new CertificateSource(
              tls.certificate().orElseThrow(),
              tls.privateKey().orElseThrow(),
              Optional.empty(),
              names);
      case AUTO -> {
        LocalCa ca = new LocalCa(config.storage().data().resolve("tls"), clock);
        ca.ensure(names);
        yield new CertificateSource(ca.serverCertificate(), ca.serverKey(), Optional.of(ca), names);
      }
    };
  }

  /**
   * Reads the certificate chain and key, checking that they belong together.
   *
   * @throws TlsException naming the file that cannot be used
   */
  public KeyMaterial load() {
    return PemFiles.pair(certificate, key);
  }

  /** The CA certificate clients trust, in auto mode. */
  public Optional<Path> caCertificate() {
    return ca.map(LocalCa::caCertificate);
  }

  /** The files {@link #load()} reads, certificate first. */
  public List<Path> files() {
    return List.of(certificate, key);
  }

  /**
   * In auto mode, writes a new server certificate when the present one expires within 30 days;
   * returns whether it did. Files mode never writes.
   */
  public boolean renewIfDue() {
    return ca.map(c -> c.ensure(names)).orElse(false);
  }
}
