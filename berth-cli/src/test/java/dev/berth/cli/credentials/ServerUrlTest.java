package dev.berth.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerUrlTest {
  private static ServerUrl parse(String text) {
    return ServerUrl.parse(text).orElseThrow();
  }

  private static URI endpoint(String server, Map<String, String> env) {
    return HelperSettings.from(env, Path.of("/home/u")).endpointFor(parse(server));
  }

  @Test
  void parse_acceptsWhatClientsPass() {
    assertThat(parse("127.0.0.1:5000").registry()).isEqualTo("127.0.0.1:5000");
    assertThat(parse("https://Registry.Example.com/v2/").registry())
        .isEqualTo("registry.example.com");
    assertThat(parse("http://[::1]:5000").registry()).isEqualTo("[::1]:5000");
    assertThat(parse(" localhost:5000\n").text()).isEqualTo("localhost:5000");
    assertThat(ServerUrl.parse("")).isEmpty();
    assertThat(ServerUrl.parse("ftp://host")).isEmpty();
    assertThat(ServerUrl.parse("not a host")).isEmpty();
  }

  @Test
  void loopback_isDecidedWithoutDns() {
    assertThat(parse("127.0.0.1:5000").loopback()).isTrue();
    assertThat(parse("127.8.9.10").loopback()).isTrue();
    assertThat(parse("localhost:5000").loopback()).isTrue();
    assertThat(parse("000000000000.dkr.ecr.us-east-1.localhost:5000").loopback()).isTrue();
    assertThat(parse("[::1]:5000").loopback()).isTrue();
    assertThat(parse("10.0.0.1:5000").loopback()).isFalse();
    assertThat(parse("127.example.com").loopback()).isFalse();
    assertThat(parse("registry.example.com").loopback()).isFalse();
  }

  @Test
  void ecrRegion_comesFromAnEcrStyleHost() {
    assertThat(parse("123456789012.dkr.ecr.eu-west-1.example.com:5000").ecrRegion())
        .contains("eu-west-1");
    assertThat(parse("123456789012.dkr.ecr-fips.us-gov-west-1.example.com").ecrRegion())
        .contains("us-gov-west-1");
    assertThat(parse("000000000000.dkr.ecr.us-east-1.localhost").ecrRegion()).contains("us-east-1");
    assertThat(parse("registry.example.com").ecrRegion()).isEmpty();
    assertThat(parse("1234.dkr.ecr.eu-west-1.example.com").ecrRegion()).isEmpty();
  }

  @Test
  void endpoint_isHttpForLoopbackAndHttpsElsewhere_unlessConfigured() {
    assertThat(endpoint("127.0.0.1:5000", Map.of())).hasToString("http://127.0.0.1:5000");
    assertThat(endpoint("registry.example.com", Map.of()))
        .hasToString("https://registry.example.com");
    assertThat(endpoint("https://127.0.0.1:5000", Map.of())).hasToString("https://127.0.0.1:5000");
    assertThat(endpoint("127.0.0.1:5000", Map.of("BERTH_ENDPOINT_SCHEME", "https")))
        .hasToString("https://127.0.0.1:5000");
    assertThat(endpoint("registry.example.com", Map.of("BERTH_ENDPOINT", "http://10.1.1.1:80")))
        .hasToString("http://10.1.1.1:80");
  }

  @Test
  void settings_areValidated() {
    assertThatThrownBy(
            () -> HelperSettings.from(Map.of("BERTH_ENDPOINT", "host:5000"), Path.of("/")))
        .hasMessage("BERTH_ENDPOINT: expected http(s)://HOST[:PORT], got 'host:5000'");
    assertThat(
            HelperSettings.from(Map.of("XDG_CACHE_HOME", "relative"), Path.of("/home/u"))
                .cacheDir())
        .isEqualTo(Path.of("/home/u/.cache/berth"));
    assertThat(HelperSettings.from(Map.of("XDG_CACHE_HOME", "/c"), Path.of("/home/u")).cacheDir())
        .isEqualTo(Path.of("/c/berth"));
    assertThat(HelperSettings.from(Map.of("AWS_CA_BUNDLE", "/ca.pem"), Path.of("/")).caBundle())
        .isEqualTo(Optional.of(Path.of("/ca.pem")));
  }
}
