package dev.berth.app;

import dev.berth.upload.UploadService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep: purges idle upload sessions and orphaned staging bytes, at start and hourly.
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final UploadService uploads;
  private final Duration uploadExpiry;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "berth-housekeeping");
            t.setDaemon(true);
            return t;
          });

  Housekeeping(UploadService uploads, Duration uploadExpiry) {
    this.uploads = uploads;
    this.uploadExpiry = uploadExpiry;
  }

  void runOnce() {
    try {
      int purged = uploads.purgeIdle(uploadExpiry);
      if (purged > 0) {
        LOG.info("purged idle upload sessions count={}", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("failed to purge idle upload sessions", e);
    }
  }

  void start() {
    scheduler.scheduleWithFixedDelay(this::runOnce, 1, 1, TimeUnit.HOURS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
