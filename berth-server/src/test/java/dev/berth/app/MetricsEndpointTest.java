package dev.berth.app;

import static dev.berth.app.ObservedHttp.get;
import static dev.berth.app.ObservedHttp.parse;
import static dev.berth.app.ObservedHttp.text;
import static dev.berth.app.ObservedHttp.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.app.ObservedHttp.Sample;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Issue 11: {@code /metrics} after real requests, and who may read it. */
class MetricsEndpointTest {
  private static final String TOKEN = "metrics-token-0123456789abcdef";

  @TempDir Path tmp;
  private final List<TestNode> nodes = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(TestNode::close);
  }

  private TestNode start(Map<String, String> config) throws Exception {
    TestNode n = TestNode.start(tmp.resolve("node" + nodes.size()), config);
    nodes.add(n);
    return n;
  }

  private static List<Sample> scrape(TestNode node) {
    HttpResponse<byte[]> r = get(node.base().resolve("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    return parse(text(r));
  }

  @Test
  void metrics_countRequestsBytesPushesPullsAndStoreFigures_withBoundedLabels() throws Exception {
    TestNode node = start(Map.of());
    node.createRepository("team/app");
    try (EcrClient ecr = ObservedHttp.rootEcr(node)) {
      ecr.createRepository(r -> r.repositoryName("team/other"));
      ecr.describeRepositories(r -> r.repositoryNames("team/app"));
      assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames("team/missing")))
          .isInstanceOf(RepositoryNotFoundException.class);
    }
    ObservedHttp.Pushed pushed = ObservedHttp.push(node, "team/app", "v1", 5000);
    String auth = node.basicAuth();
    assertThat(
            get(node.base().resolve("/v2/team/app/manifests/v1"), "Authorization", auth)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> blob =
        get(
            node.base().resolve("/v2/team/app/blobs/" + pushed.layerDigest()),
            "Authorization",
            auth);
    assertThat(blob.body()).isEqualTo(pushed.layer());
    assertThat(
            get(node.base().resolve("/v2/team/app/manifests/nope"), "Authorization", auth)
                .statusCode())
        .isEqualTo(404);
    ObservedHttp.startUpload(node, "team/app");
    try (EcrClient ecr = ObservedHttp.rootEcr(node)) {
      assertThat(
              ecr.batchGetImage(
                      r ->
                          r.repositoryName("team/app")
                              .imageIds(ImageIdentifier.builder().imageTag("v1").build()))
                  .images())
          .hasSize(1);
    }

    List<Sample> m = scrape(node);
    String count = "berth_http_requests_seconds_count";
    assertThat(value(m, count, "api", "ecr", "operation", "CreateRepository", "status", "2xx"))
        .isEqualTo(1);
    assertThat(value(m, count, "api", "ecr", "operation", "DescribeRepositories", "status", "2xx"))
        .isEqualTo(1);
    assertThat(value(m, count, "api", "ecr", "operation", "DescribeRepositories", "status", "4xx"))
        .isEqualTo(1);
    assertThat(value(m, count, "api", "oci", "operation", "upload_start", "status", "2xx"))
        .isEqualTo(3);
    assertThat(value(m, count, "api", "oci", "operation", "upload_complete", "status", "2xx"))
        .isEqualTo(2);
    assertThat(value(m, count, "api", "oci", "operation", "manifest_put", "status", "2xx"))
        .isEqualTo(1);
    assertThat(value(m, count, "api", "oci", "operation", "manifest_get", "status", "2xx"))
        .isEqualTo(1);
    assertThat(value(m, count, "api", "oci", "operation", "manifest_get", "status", "4xx"))
        .isEqualTo(1);
    assertThat(value(m, count, "api", "oci", "operation", "blob_get", "status", "2xx"))
        .isEqualTo(1);

    // The latency histogram: fixed buckets, the last one holding every request.
    List<Sample> buckets =
        m.stream()
            .filter(s -> s.name().equals("berth_http_requests_seconds_bucket"))
            .filter(s -> "manifest_put".equals(s.labels().get("operation")))
            .toList();
    assertThat(buckets)
        .extracting(s -> s.labels().get("le"))
        .contains("0.005", "0.1", "1.0", "60.0", "+Inf");
    assertThat(buckets).hasSize(14);
    assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(1);
    assertThat(
            value(
                m,
                "berth_http_requests_seconds_sum",
                "api",
                "oci",
                "operation",
                "manifest_put",
                "status",
                "2xx"))
        .isPositive();

    // Body bytes, exactly as they crossed the wire.
    assertThat(
            value(
                m, "berth_http_received_bytes_total", "api", "oci", "operation", "upload_complete"))
        .isEqualTo(pushed.config().length + pushed.layer().length);
    assertThat(
            value(m, "berth_http_received_bytes_total", "api", "oci", "operation", "manifest_put"))
        .isEqualTo(pushed.manifest().length);
    assertThat(value(m, "berth_http_sent_bytes_total", "api", "oci", "operation", "blob_get"))
        .isEqualTo(5000);
    assertThat(value(m, "berth_http_sent_bytes_total", "api", "oci", "operation", "manifest_get"))
        .isGreaterThan(pushed.manifest().length);

    // Pushes, pulls and the store's figures.
    assertThat(value(m, "berth_images_pushed_total", "api", "oci")).isEqualTo(1);
    assertThat(value(m, "berth_images_pulled_total", "api", "oci")).isEqualTo(1);
    assertThat(value(m, "berth_images_pulled_total", "api", "ecr")).isEqualTo(1);
    assertThat(value(m, "berth_uploads_open")).isEqualTo(1);
    assertThat(value(m, "berth_blob_store_blobs")).isEqualTo(2);
    assertThat(value(m, "berth_blob_store_bytes"))
        .isEqualTo(pushed.config().length + pushed.layer().length);

    // The metadata pools, the JVM and the process.
    assertThat(value(m, "hikaricp_connections_max", "pool", "berth-sqlite-writer")).isEqualTo(1);
    assertThat(value(m, "hikaricp_connections_max", "pool", "berth-sqlite-reader")).isEqualTo(4);
    assertThat(m)
        .extracting(Sample::name)
        .contains(
            "hikaricp_connections_active",
            "hikaricp_connections_pending",
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "jvm_gc_memory_allocated_bytes_total",
            "process_cpu_usage",
            "system_cpu_count",
            "process_uptime_seconds",
            "process_files_open_files");

    // Bounded labels: no digest, tag, repository, principal or path in any of Berth's meters.
    Set<String> allowed = Set.of("api", "operation", "status", "le");
    for (Sample s : m) {
      if (s.name().startsWith("berth_")) {
        assertThat(allowed).as(s.toString()).containsAll(s.labels().keySet());
        assertThat(s.labels().getOrDefault("operation", "x")).matches("[A-Za-z_]+");
      }
      assertThat(String.join(",", s.labels().values()))
          .as(s.toString())
          .doesNotContain("sha256", "team/", "v1", "nope", "arn:", "/v2");
    }
  }

  @Test
  void aToken_isRequiredWhenConfigured_andComparedExactly() throws Exception {
    TestNode node = start(Map.of("metrics-token", TOKEN));
    URI metrics = node.base().resolve("/metrics");
    HttpResponse<byte[]> none = get(metrics);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"berth metrics\"");
    assertThat(get(metrics, "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
    assertThat(get(metrics, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
    HttpResponse<byte[]> ok = get(metrics, "Authorization", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(text(ok)).contains("berth_http_requests_seconds_count{api=\"ops\"");
  }

  @Test
  void withoutAToken_onlyLoopbackClientsAreAnswered() throws Exception {
    Optional<InetAddress> external = externalAddress();
    assumeThat(external).as("a non-loopback IPv4 address on this machine").isPresent();
    TestNode node = start(Map.of("listen", "0.0.0.0:0"));
    assertThat(get(node.base().resolve("/metrics")).statusCode()).isEqualTo(200);
    URI outside =
        URI.create(
            "http://" + external.get().getHostAddress() + ":" + node.berth().port() + "/metrics");
    HttpResponse<byte[]> refused = get(outside);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(text(refused)).contains("loopback");
    assertThat(get(outside.resolve("/healthz")).statusCode())
        .as("other endpoints answer every client")
        .isEqualTo(200);
  }

  @Test
  void metricsOff_servesNoEndpoint() throws Exception {
    TestNode node = start(Map.of("metrics", "off"));
    assertThat(get(node.base().resolve("/metrics")).statusCode()).isEqualTo(404);
    assertThat(get(node.base().resolve("/healthz")).statusCode()).isEqualTo(200);
  }

  private static Optional<InetAddress> externalAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
