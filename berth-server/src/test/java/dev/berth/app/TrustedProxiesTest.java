package dev.berth.app;

import static dev.berth.app.ObservedHttp.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ConfigException;
import dev.berth.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Issue 12: behind a load balancer listed in {@code trusted-proxies}, the client's address and
 * scheme come from {@code X-Forwarded-For} and {@code X-Forwarded-Proto}; from any other peer the
 * headers change nothing. The loopback-only {@code /metrics} shows which address a node believes.
 */
class TrustedProxiesTest {
  @TempDir Path tmp;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(TestNode::close);
  }

  private TestNode start(Map<String, String> config) throws Exception {
    TestNode n = TestNode.start(tmp.resolve("node" + nodes.size()), config);
    nodes.add(n);
    return n;
  }

  private static int metrics(TestNode node, String... headers) {
    return get(node.base().resolve("/metrics"), headers).statusCode();
  }

  @Test
  void behindATrustedProxy_theForwardedClientIsTheClient() throws Exception {
    TestNode node = start(Map.of("trusted-proxies", "127.0.0.0/8, ::1"));
    assertThat(metrics(node)).as("the proxy itself, on loopback").isEqualTo(200);
    assertThat(metrics(node, "X-Forwarded-For", "203.0.113.7"))
        .as("a remote client through the proxy")
        .isEqualTo(403);
    assertThat(metrics(node, "X-Forwarded-For", "127.0.0.1, 203.0.113.7"))
        .as("a remote client claiming loopback to the proxy")
        .isEqualTo(403);
    assertThat(metrics(node, "X-Forwarded-For", "127.0.0.5")).isEqualTo(200);

    try (EcrClient ecr = ObservedHttp.rootEcr(node)) {
      String plain = ecr.getAuthorizationToken(r -> {}).authorizationData().get(0).proxyEndpoint();
      String forwarded =
          ecr.getAuthorizationToken(
                  r -> r.overrideConfiguration(o -> o.putHeader("X-Forwarded-Proto", "https")))
              .authorizationData()
              .get(0)
              .proxyEndpoint();
      assertThat(plain).isEqualTo("http://" + node.hostPort());
      assertThat(forwarded).as("TLS ended at the proxy").isEqualTo("https://" + node.hostPort());
    }
  }

  @Test
  void withoutTrustedProxies_forwardedHeadersChangeNothing() throws Exception {
    TestNode node = start(Map.of());
    assertThat(metrics(node, "X-Forwarded-For", "203.0.113.7")).isEqualTo(200);
    try (EcrClient ecr = ObservedHttp.rootEcr(node)) {
      assertThat(
              ecr.getAuthorizationToken(
                      r -> r.overrideConfiguration(o -> o.putHeader("X-Forwarded-Proto", "https")))
                  .authorizationData()
                  .get(0)
                  .proxyEndpoint())
          .isEqualTo("http://" + node.hostPort());
    }
  }

  @Test
  void aTrustedProxyThatIsNotAnAddress_isRefusedAtStart() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("trusted-proxies", "10.0.0.0/8, lb.local")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "trusted-proxies: expected addresses or CIDR blocks separated by commas, got"
                + " 'lb.local'");
  }
}
