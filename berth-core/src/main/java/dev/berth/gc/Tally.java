package dev.berth.gc;

import dev.berth.meta.GcRunSummary;
import java.time.Instant;

/** The counts of one run as it goes (one thread). */
final class Tally {
  final Instant startedAt;
  final boolean dryRun;
  long blobs;
  long bytes;
  long orphans;
  long orphanBytes;
  long links;
  long sessions;
  long staging;

  Tally(Instant startedAt, boolean dryRun) {
    this.startedAt = startedAt;
    this.dryRun = dryRun;
  }

  GcRunSummary summary(Instant at) {
    return new GcRunSummary(
        startedAt, at, dryRun, blobs, bytes, orphans, orphanBytes, links, sessions, staging);
  }
}
