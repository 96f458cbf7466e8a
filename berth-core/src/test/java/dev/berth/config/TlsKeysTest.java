package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.BerthConfig.TlsConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tls, tls-cert, tls-key and tls-hosts keys (issue 11). */
class TlsKeysTest {
  private static TlsConfig tls(String... keysAndValues) {
    Map<String, String> v = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      v.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return ConfigLoader.load(Optional.empty(), Map.of(), v).tls();
  }

  @Test
  void default_isPlainHttp() {
    assertThat(tls()).isEqualTo(TlsConfig.off());
    assertThat(tls().enabled()).isFalse();
  }

  @Test
  void certAndKey_implyFilesMode_withAbsolutePaths() {
    TlsConfig t = tls("tls-cert", "certs/../c.pem", "tls-key", "/etc/berth/k.pem");
    assertThat(t.mode()).isEqualTo(TlsConfig.Mode.FILES);
    assertThat(t.certificate()).contains(Path.of("c.pem").toAbsolutePath());
    assertThat(t.privateKey()).contains(Path.of("/etc/berth/k.pem"));
    assertThat(tls("tls", "FILES", "tls-cert", "/c", "tls-key", "/k").mode())
        .isEqualTo(TlsConfig.Mode.FILES);
  }

  @Test
  void auto_withExtraHosts_lowerCasedOnceEach() {
    TlsConfig t =
        tls(
            "tls",
            "auto",
            "tls-hosts",
            " Registry.LAN, 10.0.0.5,[fd00::1],*.berth.lan,registry.lan,");
    assertThat(t.mode()).isEqualTo(TlsConfig.Mode.AUTO);
    assertThat(t.hosts()).containsExactly("registry.lan", "10.0.0.5", "fd00::1", "*.berth.lan");
    assertThat(t.certificate()).isEmpty();
  }

  @Test
  void environment_setsTheKeysToo() {
    TlsConfig t =
        ConfigLoader.load(
                Optional.empty(), Map.of("BERTH_TLS", "auto", "BERTH_TLS_HOSTS", "a.lan"), Map.of())
            .tls();
    assertThat(t.mode()).isEqualTo(TlsConfig.Mode.AUTO);
    assertThat(t.hosts()).containsExactly("a.lan");
  }

  @Test
  void mistakes_failWithOneLineNamingTheKey() {
    assertThatThrownBy(() -> tls("tls-cert", "/c.pem"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tls-key: required with tls-cert (the certificate's private key)");
    assertThatThrownBy(() -> tls("tls-key", "/k.pem"))
        .hasMessage("tls-cert: required with tls-key (the key's certificate chain)");
    assertThatThrownBy(() -> tls("tls", "files"))
        .hasMessage("tls-cert: required when tls is files (with tls-key)");
    assertThatThrownBy(() -> tls("tls", "on"))
        .hasMessage("tls: expected off, auto or files, got 'on'");
    assertThatThrownBy(() -> tls("tls", "auto", "tls-cert", "/c", "tls-key", "/k"))
        .hasMessageStartingWith("tls: tls-cert and tls-key are used only when tls is files");
    assertThatThrownBy(() -> tls("tls-cert", " ", "tls-key", "/k"))
        .hasMessageStartingWith("tls-cert: expected the path of a PEM file");
    assertThatThrownBy(() -> tls("tls", "auto", "tls-hosts", "bad_name"))
        .hasMessage(
            "tls-hosts: expected comma-separated DNS names or IP addresses, got 'bad_name'");
    assertThatThrownBy(() -> tls("tls", "auto", "tls-hosts", "300.1.1.1"))
        .hasMessageStartingWith("tls-hosts:");
    assertThatThrownBy(() -> tls("tls", "auto", "tls-hosts", "fd00::zz"))
        .hasMessageStartingWith("tls-hosts:");
    assertThatThrownBy(() -> tls("tls-hosts", "a.lan"))
        .hasMessageStartingWith("tls-hosts: used only when tls is auto");
  }
}
