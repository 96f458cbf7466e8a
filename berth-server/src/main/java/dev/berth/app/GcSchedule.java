package dev.berth.app;

import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcOutcome;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the garbage collector every {@code gc-interval} on a thread of its own, never two runs at
 * once (fixed delay after each run ends); a run another process holds the lease for is skipped.
 * Each run logs one summary line.
 */
final class GcSchedule implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GcSchedule.class);

  private final GarbageCollector collector;
  private final Duration interval;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "berth-gc");
            t.setDaemon(true);
            return t;
          });

  GcSchedule(GarbageCollector collector, Duration interval) {
    this.collector = collector;
    this.interval = interval;
  }

  void start() {
    long ms = interval.toMillis();
    // Failures are logged inside runOnce, so the schedule's future carries nothing to check.
    var unused = scheduler.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
  }

  void runOnce() {
    try {
      GcOutcome outcome =
          collector.run(false, p -> LOG.debug("garbage collection progress {}", p.line()));
      if (outcome instanceof GcOutcome.Completed c) {
        LOG.info("garbage collection {}", GarbageCollector.describe(c.summary()));
      } else if (outcome instanceof GcOutcome.Busy b) {
        LOG.info("garbage collection skipped: {}", b.message());
      }
    } catch (CancellationException e) {
      LOG.info("garbage collection stopped for shutdown");
    } catch (RuntimeException e) {
      LOG.warn("failed to collect garbage", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("garbage collection did not stop within 30 s of shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
