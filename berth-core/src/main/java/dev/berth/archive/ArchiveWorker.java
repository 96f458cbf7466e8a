package dev.berth.archive;

import dev.berth.lease.LeasedWork;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread of the archive class: runs {@link ArchiveService#runPending} at start
 * (resuming restores and moves a stop interrupted), whenever an archive or restore is asked for,
 * and at least once a minute (a push queues blobs without waking it); on one node of a cluster at a
 * time (the {@value #LEASE} lease: a node whose work another one is doing looks again at its next
 * wake-up, so work asked of it is done within a minute by whichever node runs).
 */
public final class ArchiveWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveWorker.class);
  static final Duration POLL = Duration.ofMinutes(1);

  static final String LEASE = "archive";

  private final ArchiveService service;
  private final LeasedWork leased;
  private final Thread thread;
  private volatile boolean closed;

  public ArchiveWorker(ArchiveService service, LeasedWork leased) {
    this.service = service;
    this.leased = leased;
    this.thread = Thread.ofPlatform().name("berth-archive").daemon().unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        leased.run(LEASE, service::runPending);
      } catch (RuntimeException e) {
        LOG.warn("failed to run pending archive work", e);
      }
      try {
        service.awaitWork(POLL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the thread, letting a running move finish (interrupted only if it takes long). */
  @Override
  public void close() {
    closed = true;
    service.signal();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
