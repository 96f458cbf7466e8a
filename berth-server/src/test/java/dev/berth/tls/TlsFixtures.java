package dev.berth.tls;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/** The OpenSSL-made PEM files under {@code src/test/resources/tls/} (see the README there). */
final class TlsFixtures {
  private TlsFixtures() {}

  static Path file(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(TlsFixtures.class.getResource("/tls/" + name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
