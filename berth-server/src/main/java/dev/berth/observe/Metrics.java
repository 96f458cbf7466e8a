package dev.berth.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters in one Prometheus registry (one per node, never a global one): requests by API,
 * operation and status class with a latency histogram, body bytes, image pushes and pulls, store
 * gauges, and the JVM and process. Label values come from bounded sets only (see {@link
 * RequestRecord}); no digest, tag, repository, principal or path is ever a label.
 *
 * <pre>
 * berth_http_requests_seconds_bucket{api,operation,status,le}  _count  _sum  _max
 * berth_http_received_bytes_total{api,operation}   berth_http_sent_bytes_total{api,operation}
 * berth_images_pushed_total{api}   berth_images_pulled_total{api}
 * berth_uploads_open   berth_blob_store_blobs   berth_blob_store_bytes
 * hikaricp_connections_*{pool}   jvm_*   process_*   system_*
 * </pre>
 */
public final class Metrics implements RequestObserver, AutoCloseable {
  /** Histogram buckets of request latency: 5 ms to 1 min. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  /** How long the store figures are reused between scrapes. */
  static final Duration STORE_TTL = Duration.ofSeconds(5);

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();
  private final Map<Operation, Counter[]> bytes = new ConcurrentHashMap<>();
  private final Map<String, Counter> pushes = new ConcurrentHashMap<>();
  private final Map<String, Counter> pulls = new ConcurrentHashMap<>();

  private record Labels(String api, String operation, String status) {}

  private record Operation(String api, String operation) {}

  public Metrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** The registry, for components that register their own meters (the metadata pools). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Gauges over the metadata store's figures, read at most once per {@link #STORE_TTL}. */
  public void storeGauges(Supplier<StoreTotals> totals) {
    Cached<StoreTotals> cached = new Cached<>(totals, STORE_TTL);
    gauge("berth.uploads.open", "upload sessions open", "", cached, StoreTotals::uploads);
    gauge("berth.blob.store.blobs", "blobs stored", "", cached, StoreTotals::blobs);
    gauge("berth.blob.store", "bytes of blobs stored", "bytes", cached, StoreTotals::blobBytes);
  }

  private void gauge(
      String name,
      String description,
      String unit,
      Cached<StoreTotals> cached,
      ToDoubleFunction<StoreTotals> value) {
    Gauge.builder(name, cached, c -> c.get().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .baseUnit(unit.isEmpty() ? null : unit)
        .strongReference(true) // nothing else holds the cache
        .register(registry);
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void completed(RequestRecord r) {
    String api = r.api();
    String operation = r.operation();
    timers
        .computeIfAbsent(
            new Labels(api, operation, r.statusClass()),
            k ->
                Timer.builder("berth.http.requests")
                    .description("requests answered, by api, operation and status class")
                    .tags("api", k.api(), "operation", k.operation(), "status", k.status())
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry))
        .record(r.durationNanos(), TimeUnit.NANOSECONDS);
    Counter[] io =
        bytes.computeIfAbsent(
            new Operation(api, operation),
            k ->
                new Counter[] {
                  Counter.builder("berth.http.received")
                      .description("request body bytes read")
                      .baseUnit("bytes")
                      .tags("api", k.api(), "operation", k.operation())
                      .register(registry),
                  Counter.builder("berth.http.sent")
                      .description("response body bytes written")
                      .baseUnit("bytes")
                      .tags("api", k.api(), "operation", k.operation())
                      .register(registry)
                });
    io[0].increment((double) r.bytesIn());
    io[1].increment((double) r.bytesOut());
    if (isPush(api, operation, r.status())) {
      counter(pushes, "berth.images.pushed", "manifests stored (pushes)", api).increment();
    } else if (isPull(api, operation, r.status())) {
      counter(pulls, "berth.images.pulled", "manifests served (pulls)", api).increment();
    }
  }

  private Counter counter(Map<String, Counter> cache, String name, String description, String api) {
    return cache.computeIfAbsent(
        api, a -> Counter.builder(name).description(description).tags("api", a).register(registry));
  }

  /** A manifest stored: {@code PUT /v2/.../manifests/...} (201) or ECR PutImage. */
  static boolean isPush(String api, String operation, int status) {
    return ("oci".equals(api) && "manifest_put".equals(operation) && status == 201)
        || ("ecr".equals(api) && "PutImage".equals(operation) && status == 200);
  }

  /** A manifest served: {@code GET /v2/.../manifests/...} or ECR BatchGetImage. */
  static boolean isPull(String api, String operation, int status) {
    return status == 200
        && (("oci".equals(api) && "manifest_get".equals(operation))
            || ("ecr".equals(api) && "BatchGetImage".equals(operation)));
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
