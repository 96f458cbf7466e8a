package dev.berth.app;

import dev.berth.meta.SessionStore;
import dev.berth.upload.UploadService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep, at start and hourly: purges expired STS sessions, and idle upload sessions
 * with orphaned staging bytes when no garbage collection is scheduled (the collector purges them
 * otherwise).
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  private final UploadService uploads;
  private final Duration uploadExpiry;
  private final SessionStore sessions;
  private final Clock clock;
  private final boolean purgeUploads;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "berth-housekeeping");
            t.setDaemon(true);
            return t;
          });

  Housekeeping(
      UploadService uploads,
      Duration uploadExpiry,
      SessionStore sessions,
      Clock clock,
      boolean purgeUploads) {
    this.purgeUploads = purgeUploads;
    this.uploads = uploads;
    this.uploadExpiry = uploadExpiry;
    this.sessions = sessions;
    this.clock = clock;
  }

  void runOnce() {
    try {
      int purged = purgeUploads ? uploads.purgeIdle(uploadExpiry) : 0;
      if (purged > 0) {
        LOG.info("purged idle upload sessions count={}", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("failed to purge idle upload sessions", e);
    }
    purgeStsSessions();
  }

  private void purgeStsSessions() {
    try {
      int expired = sessions.purgeExpired(clock.instant());
      if (expired > 0) {
        LOG.info("purged expired sts sessions count={}", expired);
      }
    } catch (RuntimeException e) {
      LOG.warn("failed to purge expired sts sessions", e);
    }
  }

  void start() {
    // Failures are logged inside runOnce, so the schedule's future carries nothing to check.
    var unused = scheduler.scheduleWithFixedDelay(this::runOnce, 1, 1, TimeUnit.HOURS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
