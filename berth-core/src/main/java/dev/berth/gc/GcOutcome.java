package dev.berth.gc;

import dev.berth.meta.GcRunSummary;
import java.time.Instant;

/** How a request for a collection ended. */
public sealed interface GcOutcome {
  /** The run finished; the summary says what it removed (or would have removed, dry). */
  record Completed(GcRunSummary summary) implements GcOutcome {}

  /** Another collector holds the lease; nothing was done. */
  record Busy(String holder, Instant leaseUntil) implements GcOutcome {
    /** One line for logs and the command line. */
    public String message() {
      return "another collection is running (" + holder + ", lease until " + leaseUntil + ")";
    }
  }
}
