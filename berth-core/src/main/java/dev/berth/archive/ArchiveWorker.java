package dev.berth.archive;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread of the archive class: runs {@link ArchiveService#runPending} at start
 * (resuming restores and moves a stop interrupted), whenever an archive or restore is asked for,
 * and at least once a minute (a push queues blobs without waking it).
 */
public final class ArchiveWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveWorker.class);
  static final Duration POLL = Duration.ofMinutes(1);

  private final ArchiveService service;
  private final Thread thread;
  private volatile boolean closed;

  public ArchiveWorker(ArchiveService service) {
    this.service = service;
    this.thread = Thread.ofPlatform().name("berth-archive").daemon().unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  private void loop() {
    while (!closed) {
      try {
        service.runPending();
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
