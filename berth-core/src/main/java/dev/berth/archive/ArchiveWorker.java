package dev.berth.archive;

import dev.berth.lease.LeasedLoop;
import dev.berth.lease.LeasedWork;
import java.time.Duration;

/**
 * The background thread of the archive class: runs {@link ArchiveService#runPending} at start
 * (resuming restores and moves a stop interrupted), whenever an archive or restore is asked for,
 * and at least once a minute (a push queues blobs without waking it); on one node of a cluster at a
 * time (the {@value #LEASE} lease: a node whose work another one is doing looks again at its next
 * wake-up, so work asked of it is done within a minute by whichever node runs).
 */
public final class ArchiveWorker implements AutoCloseable {
  static final Duration POLL = Duration.ofMinutes(1);

  static final String LEASE = "archive";

  private final LeasedLoop loop;

  public ArchiveWorker(ArchiveService service, LeasedWork leased) {
    this.loop = new LeasedLoop(LEASE, leased, service::runPending, POLL);
    service.onWork(loop::wake);
  }

  public void start() {
    loop.start();
  }

  /** Stops the thread, letting a running move finish (interrupted only if it takes long). */
  @Override
  public void close() {
    loop.close();
  }
}
