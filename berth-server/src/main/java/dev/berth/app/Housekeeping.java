package dev.berth.app;

import dev.berth.events.EventRelay;
import dev.berth.lease.LeasedWork;
import dev.berth.meta.EventStore;
import dev.berth.meta.SessionStore;
import dev.berth.upload.UploadService;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep, at start and hourly, on one node of a cluster at a time (the {@value #LEASE}
 * lease): purges expired STS sessions, outbox events past {@link EventRelay#RETENTION}, and idle
 * upload sessions with orphaned staging bytes when no garbage collection is scheduled (the
 * collector purges them otherwise).
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  static final String LEASE = "housekeeping";

  private final LeasedWork leased;
  private final UploadService uploads;
  private final Duration uploadExpiry;
  private final SessionStore sessions;
  private final EventStore events;
  private final Clock clock;
  private final boolean purgeUploads;
  private final Periodic periodic;

  Housekeeping(
      UploadService uploads,
      Duration uploadExpiry,
      SessionStore sessions,
      EventStore events,
      Clock clock,
      boolean purgeUploads,
      LeasedWork leased) {
    this.leased = leased;
    this.purgeUploads = purgeUploads;
    this.uploads = uploads;
    this.uploadExpiry = uploadExpiry;
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.periodic = new Periodic("berth-housekeeping", Duration.ofHours(1), this::runOnce);
  }

  void runOnce() {
    leased.run(LEASE, this::upkeep);
  }

  private void upkeep() {
    try {
      int purged = purgeUploads ? uploads.purgeIdle(uploadExpiry) : 0;
      if (purged > 0) {
        LOG.info("purged idle upload sessions count={}", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("failed to purge idle upload sessions", e);
    }
    purgeStsSessions();
    try {
      int old = events.purgeBefore(clock.instant().minus(EventRelay.RETENTION));
      LOG.debug("purged outbox events count={}", old);
    } catch (RuntimeException e) {
      LOG.warn("failed to purge outbox events", e);
    }
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
    periodic.start();
  }

  @Override
  public void close() {
    periodic.close();
  }
}
