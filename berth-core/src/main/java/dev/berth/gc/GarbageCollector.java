package dev.berth.gc;

import dev.berth.blob.BlobStore;
import dev.berth.lease.Lease;
import dev.berth.meta.GcRunSummary;
import dev.berth.meta.GcStore;
import dev.berth.meta.LeaseState;
import dev.berth.meta.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online garbage collection: one run takes the lease, then finishes interrupted deletions, expires
 * unreferenced links, removes unreferenced blobs, orphan files and abandoned uploads, each step
 * streaming in batches. The package documentation states the protocol.
 */
public final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  /** The name of the collector's lease. */
  public static final String LEASE = "gc";

  /** How long the collector's lease lasts without renewal (renewed between batches). */
  public static final Duration LEASE_TTL = Duration.ofMinutes(10);

  private final GcStore store;
  private final LeaseStore leases;
  private final BlobStore blobs;
  private final Clock clock;
  private final Settings settings;

  /**
   * What a collector is told.
   *
   * @param gracePeriod how long an unreferenced blob, link or staged upload is left alone after it
   *     was last touched (0 in tests: the worst case)
   * @param uploadExpiry how long an upload session may stay idle
   * @param progressInterval the least time between two progress reports
   * @param batchSize rows or files handled per batch (and per transaction)
   */
  public record Settings(
      Duration gracePeriod, Duration uploadExpiry, Duration progressInterval, int batchSize) {
    public Settings {
      if (gracePeriod.isNegative() || uploadExpiry.isNegative() || progressInterval.isNegative()) {
        throw new IllegalArgumentException("garbage collection durations must not be negative");
      }
      if (batchSize < 1 || batchSize > 5000) {
        throw new IllegalArgumentException("batch size must be 1 to 5000, got " + batchSize);
      }
    }

    /** Batches of 500, progress at most every 5 seconds. */
    public static Settings of(Duration gracePeriod, Duration uploadExpiry) {
      return new Settings(gracePeriod, uploadExpiry, Duration.ofSeconds(5), 500);
    }

    public Settings withGracePeriod(Duration grace) {
      return new Settings(grace, uploadExpiry, progressInterval, batchSize);
    }

    public Settings withProgressInterval(Duration interval) {
      return new Settings(gracePeriod, uploadExpiry, interval, batchSize);
    }
  }

  public GarbageCollector(
      GcStore store, LeaseStore leases, BlobStore blobs, Clock clock, Settings settings) {
    this.store = store;
    this.leases = leases;
    this.blobs = blobs;
    this.clock = clock;
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Runs one collection, or returns {@link GcOutcome.Busy} at once when another collector holds the
   * lease. A dry run selects exactly as a real run does and writes nothing but the lease. {@code
   * progress} is called at most once per progress interval. Throws {@link
   * java.util.concurrent.CancellationException} when the thread is interrupted; what a run
   * interrupted at any point leaves (rows DELETING) the next run finishes.
   */
  public GcOutcome run(boolean dryRun, Consumer<GcProgress> progress) {
    Lease.Either got = Lease.acquire(leases, LEASE, LEASE_TTL, clock);
    if (got.taken().isEmpty()) {
      LeaseState other = got.heldByOther().orElseThrow();
      return new GcOutcome.Busy(other.holder().orElse("unknown"), other.until());
    }
    Lease lease = got.taken().get();
    try {
      Run r = new Run(store, blobs, clock, settings, dryRun, lease, progress);
      FinishDeleting.run(r);
      ExpireLinks.run(r);
      SweepUnreferenced.run(r);
      SweepOrphans.run(r);
      SweepUploads.run(r);
      GcRunSummary summary = r.tally.summary(r.now());
      if (!dryRun) {
        store.recordRun(summary);
      }
      return new GcOutcome.Completed(summary);
    } finally {
      // An interrupted run (shutdown) still gives the lease up: the flag is set again after.
      boolean interrupted = Thread.interrupted();
      try {
        lease.release();
      } catch (RuntimeException e) {
        LOG.warn("failed to release the collector lease holder={}", lease.holder(), e);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** The last finished (not dry) run, for the command line and the browser. */
  public Optional<GcRunSummary> lastRun() {
    return store.lastRun();
  }

  /** A one-line summary of a finished run, as the command line and the log print it. */
  public static String describe(GcRunSummary s) {
    String verb = s.dryRun() ? "would remove" : "removed";
    return verb
        + " "
        + s.blobsRemoved()
        + " blobs ("
        + bytes(s.bytesRemoved())
        + "), "
        + s.orphansRemoved()
        + " orphan files ("
        + bytes(s.orphanBytes())
        + "); "
        + (s.dryRun() ? "would expire " : "expired ")
        + s.linksExpired()
        + " unreferenced links; "
        + (s.dryRun() ? "would purge " : "purged ")
        + s.sessionsPurged()
        + " idle upload sessions and "
        + s.stagingRemoved()
        + " abandoned staged uploads; in "
        + Duration.between(s.startedAt(), s.finishedAt()).toMillis()
        + " ms";
  }

  /** Bytes exactly, with a binary unit for reading. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return n + " bytes, " + String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
