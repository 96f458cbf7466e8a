package dev.berth.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 11: who may read {@code /metrics} without a token, and how a token is compared. */
class MetricsApiTest {
  @Test
  void loopback_acceptsEveryLoopbackSpelling_andNothingElse() {
    for (String a :
        new String[] {
          "127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1", "::1%lo"
        }) {
      assertThat(MetricsApi.loopback(a)).as(a).isTrue();
    }
    for (String a :
        new String[] {
          "192.0.2.2",
          "10.0.0.1",
          "128.0.0.1",
          "::2",
          "fe80::1%eth0",
          "::ffff:10.0.0.1",
          "",
          "localhost"
        }) {
      assertThat(MetricsApi.loopback(a)).as(a).isFalse();
    }
  }

  @Test
  void token_mustBeTheWholeBearerValue() {
    byte[] token = "0123456789abcdef-token".getBytes(StandardCharsets.UTF_8);
    assertThat(MetricsApi.tokenMatches("Bearer 0123456789abcdef-token", token)).isTrue();
    assertThat(MetricsApi.tokenMatches("bearer 0123456789abcdef-token ", token)).isTrue();
    assertThat(MetricsApi.tokenMatches("Bearer 0123456789abcdef-toke", token)).isFalse();
    assertThat(MetricsApi.tokenMatches("Bearer 0123456789abcdef-tokenX", token)).isFalse();
    assertThat(MetricsApi.tokenMatches("0123456789abcdef-token", token)).isFalse();
    assertThat(MetricsApi.tokenMatches("", token)).isFalse();
  }
}
