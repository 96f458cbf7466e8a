package dev.berth.gc;

import dev.berth.blob.BlobStore;
import dev.berth.lease.Lease;
import dev.berth.meta.GcStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * One collection as its steps share it: the stores, the cutoffs fixed at the start, the counts, the
 * lease and the progress reporter.
 */
final class Run {
  final GcStore store;
  final BlobStore blobs;
  final Clock clock;
  final boolean dryRun;
  final int batch;

  /** Blob rows, links and staging older than this are past the grace period. */
  final Instant graceCutoff;

  /** Upload sessions not updated since this are past the upload expiry. */
  final Instant uploadCutoff;

  final Tally tally;
  private final Lease lease;
  private final Consumer<GcProgress> progress;
  private final long progressNanos;
  private long lastReport;
  private String step = "start";

  Run(
      GcStore store,
      BlobStore blobs,
      Clock clock,
      GarbageCollector.Settings settings,
      boolean dryRun,
      Lease lease,
      Consumer<GcProgress> progress) {
    this.store = store;
    this.blobs = blobs;
    this.clock = clock;
    this.dryRun = dryRun;
    this.batch = settings.batchSize();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    this.graceCutoff = now.minus(settings.gracePeriod());
    this.uploadCutoff = now.minus(settings.uploadExpiry());
    this.tally = new Tally(now, dryRun);
    this.lease = lease;
    this.progress = progress;
    this.progressNanos = settings.progressInterval().toNanos();
    this.lastReport = System.nanoTime();
  }

  /** Now, to the millisecond the database keeps. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  void step(String name) {
    step = name;
  }

  /**
   * Between batches: stops when the thread is interrupted (the node shuts down), renews the lease
   * when due, and reports progress at most once per interval.
   */
  void checkpoint() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancellationException("garbage collection interrupted");
    }
    lease.renewIfDue();
    long now = System.nanoTime();
    if (now - lastReport >= progressNanos) {
      lastReport = now;
      progress.accept(new GcProgress(step, tally.summary(now())));
    }
  }
}
