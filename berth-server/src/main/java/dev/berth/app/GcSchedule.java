package dev.berth.app;

import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcOutcome;
import java.time.Duration;
import java.util.concurrent.CancellationException;
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
  private final Periodic periodic;

  GcSchedule(GarbageCollector collector, Duration interval) {
    this.collector = collector;
    this.periodic = new Periodic("berth-gc", interval, this::runOnce);
  }

  void start() {
    periodic.start();
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
    periodic.close();
  }
}
