package dev.berth.gc;

import dev.berth.meta.GcRunSummary;

/**
 * A run's progress: the step it is in and the counts so far ({@code finishedAt} is the time of the
 * report).
 */
public record GcProgress(String step, GcRunSummary soFar) {
  /** One line: the step and what was removed (or found, dry) so far. */
  public String line() {
    GcRunSummary s = soFar;
    return step
        + ": "
        + (s.dryRun() ? "would remove " : "removed ")
        + s.blobsRemoved()
        + " blobs ("
        + s.bytesRemoved()
        + " bytes), "
        + s.orphansRemoved()
        + " orphan files ("
        + s.orphanBytes()
        + " bytes), "
        + s.linksExpired()
        + " links, "
        + s.sessionsPurged()
        + " sessions, "
        + s.stagingRemoved()
        + " staged uploads";
  }
}
