package dev.berth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which {@code X-Forwarded-For} entry names the client, behind trusted proxies. */
class ForwardedClientsTest {
  private final ForwardedClients proxies =
      new ForwardedClients(
          List.of(
              Cidr.parse("127.0.0.0/8").orElseThrow(),
              Cidr.parse("10.0.0.0/8").orElseThrow(),
              Cidr.parse("fd00::/8").orElseThrow()));

  @Test
  void theRightmostUntrustedAddress_isTheClient_whateverTheClientPutLeftOfIt() {
    assertThat(proxies.client(List.of("203.0.113.7"))).contains("203.0.113.7");
    // A client claiming to be 198.51.100.1 (or a trusted proxy) before the real hop.
    assertThat(proxies.client(List.of("198.51.100.1, 203.0.113.7"))).contains("203.0.113.7");
    assertThat(proxies.client(List.of("127.0.0.1, 203.0.113.7"))).contains("203.0.113.7");
    // Two proxies of ours appended after the client.
    assertThat(proxies.client(List.of("203.0.113.7, 10.1.2.3", "127.0.0.1")))
        .contains("203.0.113.7");
    assertThat(proxies.client(List.of("2001:db8::1, fd00::5"))).contains("2001:db8::1");
    assertThat(proxies.client(List.of("[2001:db8::2]:443"))).contains("2001:db8::2");
  }

  @Test
  void onlyTrustedHops_giveTheLeftmost_andGarbageStopsTheWalk() {
    assertThat(proxies.client(List.of("10.0.0.9, 127.0.0.1"))).contains("10.0.0.9");
    assertThat(proxies.client(List.of())).isEmpty();
    assertThat(proxies.client(List.of(""))).isEmpty();
    assertThat(proxies.client(List.of("unknown"))).isEmpty();
    // Nothing left of a name can be trusted: the walk stops at it.
    assertThat(proxies.client(List.of("203.0.113.7, evil.example, 10.0.0.1"))).contains("10.0.0.1");
    assertThat(proxies.client(List.of("203.0.113.7, evil.example"))).isEmpty();
  }
}
