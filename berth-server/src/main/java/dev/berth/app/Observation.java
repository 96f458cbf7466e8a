package dev.berth.app;

import dev.berth.api.ops.HealthApi;
import dev.berth.api.ops.MetricsApi;
import dev.berth.api.ops.ReadinessApi;
import dev.berth.config.BerthConfig;
import dev.berth.config.BerthConfig.AccessLogConfig;
import dev.berth.http.Router;
import dev.berth.meta.BlobIndex;
import dev.berth.model.AccountId;
import dev.berth.observe.AccessLog;
import dev.berth.observe.AccessLogFormat;
import dev.berth.observe.Metrics;
import dev.berth.observe.Readiness;
import dev.berth.observe.RequestObserver;
import dev.berth.observe.StoreTotals;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's observation (issue 11): request metrics and {@code /metrics} unless {@code metrics:
 * off}, the access log unless {@code access-log: off}, liveness on {@code /healthz} and readiness
 * on {@code /readyz}.
 */
final class Observation implements AutoCloseable {
  /** How long a readiness check may take before it counts as failed. */
  static final Duration READINESS_LIMIT = Duration.ofSeconds(2);

  private final BerthConfig.ObserveConfig config;
  private final Optional<Metrics> metrics;
  private Optional<AccessLog> accessLog = Optional.empty();

  /** The meter registry, when metrics are on (no I/O: the access log opens in {@link #start}). */
  Observation(BerthConfig.ObserveConfig config) {
    this.config = config;
    this.metrics = config.metrics() ? Optional.of(new Metrics()) : Optional.empty();
  }

  /** The meter registry the metadata pools report to, when metrics are on. */
  Optional<Object> meterRegistry() {
    return metrics.map(Metrics::registry);
  }

  /** Mounts the operations endpoints and binds the store gauges. */
  void mount(Router router, Berth.Services s, AccountId probe) {
    router.mount("/healthz", "ops", new HealthApi(), HealthApi.errors());
    Readiness readiness =
        new Readiness(
            List.of(
                new Readiness.Check("metadata", () -> s.meta().accounts().exists(probe)),
                new Readiness.Check("blob-store", () -> s.blobStore().probe())),
            READINESS_LIMIT);
    router.mount("/readyz", "ops", new ReadinessApi(readiness), HealthApi.errors());
    metrics.ifPresent(
        m -> {
          m.storeGauges(
              () -> {
                BlobIndex.BlobTotals blobs = s.meta().blobs().totals();
                return new StoreTotals(blobs.count(), blobs.bytes(), s.meta().uploads().countAll());
              });
          router.mount(
              "/metrics", "ops", new MetricsApi(m, config.metricsToken()), HealthApi.errors());
        });
  }

  /**
   * Opens the access log and sends every finished request to it and to the metrics (before the
   * server starts).
   *
   * @throws StartupException when the access log file cannot be opened
   */
  void start(Router router) {
    AccessLogConfig log = config.accessLog();
    AccessLogFormat format =
        log.format() == AccessLogConfig.Format.JSON ? AccessLogFormat.JSON : AccessLogFormat.TEXT;
    try {
      accessLog =
          switch (log.target()) {
            case OFF -> Optional.empty();
            case STDOUT -> Optional.of(AccessLog.toStdout(format));
            case FILE -> Optional.of(AccessLog.toFile(log.file().orElseThrow(), format));
          };
    } catch (UncheckedIOException e) {
      throw new StartupException(String.valueOf(e.getMessage()), e);
    }
    List<RequestObserver> all = new ArrayList<>();
    metrics.ifPresent(all::add);
    accessLog.ifPresent(all::add);
    router.observe(RequestObserver.all(all));
  }

  /** Writes the last access log lines and releases the meters (after the server stopped). */
  @Override
  public void close() {
    try {
      accessLog.ifPresent(AccessLog::close);
    } finally {
      metrics.ifPresent(Metrics::close);
    }
  }
}
