package dev.berth.app;

import dev.berth.config.BerthConfig;
import dev.berth.http.HttpServer;
import dev.berth.tls.CertificateSource;
import dev.berth.tls.CertificateWatcher;
import dev.berth.tls.KeyMaterial;
import dev.berth.tls.ServerNames;
import dev.berth.tls.TlsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTPS: the key material loaded into the server at start, and the watcher that replaces
 * it when the files change (issue 11).
 */
final class ServingTls implements AutoCloseable {
  /** How often the certificate and key files are looked at. */
  static final Duration POLL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(ServingTls.class);

  private final CertificateSource source;
  private final CertificateWatcher watcher;

  private ServingTls(CertificateSource source, CertificateWatcher watcher) {
    this.source = source;
    this.watcher = watcher;
  }

  /**
   * Opens the configured source (creating the automatic certificates), loads the pair and gives it
   * to the server, which must not be started yet.
   *
   * @throws StartupException naming the file that cannot be used
   */
  static ServingTls install(BerthConfig config, HttpServer server, Clock clock) {
    CertificateSource source;
    KeyMaterial material;
    try {
      source = CertificateSource.open(config, clock);
      material = source.load();
      server.keyStore(material.keyStore(), KeyMaterial.KEY_STORE_PASSWORD);
    } catch (TlsException e) {
      throw new StartupException(String.valueOf(e.getMessage()), e);
    } catch (Exception e) {
      throw new StartupException("failed to set up tls: " + e.getMessage(), e);
    }
    CertificateWatcher watcher =
        new CertificateWatcher(
            source,
            m -> {
              try {
                server.keyStore(m.keyStore(), KeyMaterial.KEY_STORE_PASSWORD);
              } catch (Exception e) {
                throw new IllegalStateException("the server refused it: " + e.getMessage(), e);
              }
            });
    return new ServingTls(source, watcher);
  }

  /** Logs one warning when a node serves plain HTTP beyond the loopback interface. */
  static void warnWhenPlainOnNetwork(BerthConfig config) {
    String host = config.server().host();
    if (!config.tls().enabled() && !ServerNames.loopback(host)) {
      LOG.warn(
          "serving plain http on a non-loopback address listen={}: passwords, tokens and images"
              + " cross the network unencrypted; set tls: auto, or tls-cert and tls-key",
          host);
    }
  }

  void start() {
    watcher.start(POLL);
  }

  /** The CA certificate clients trust, in auto mode. */
  Optional<Path> caCertificate() {
    return source.caCertificate();
  }

  /** The watcher, for a check now. */
  CertificateWatcher watcher() {
    return watcher;
  }

  @Override
  public void close() {
    watcher.close();
  }
}
