package dev.berth.app;

import dev.berth.lifecycle.LifecycleRunner;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every repository's lifecycle policy each {@code lifecycle-interval} (default hourly; ECR
 * acts within 24 hours), the first run one interval after start.
 */
final class LifecycleSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleSchedule.class);

  private final LifecycleRunner runner;
  private final Duration interval;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "berth-lifecycle");
            t.setDaemon(true);
            return t;
          });

  LifecycleSchedule(LifecycleRunner runner, Duration interval) {
    this.runner = runner;
    this.interval = interval;
  }

  void start() {
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void runOnce() {
    try {
      LifecycleRunner.Outcome o = runner.runAll();
      LOG.debug(
          "lifecycle policies ran repositories={} expired={} transitioned={} skipped={}",
          o.repositories(),
          o.expired(),
          o.transitioned(),
          o.skipped());
    } catch (RuntimeException e) {
      LOG.warn("failed to run lifecycle policies", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
