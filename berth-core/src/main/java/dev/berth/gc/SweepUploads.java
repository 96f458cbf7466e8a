package dev.berth.gc;

import dev.berth.blob.StagedEntry;
import dev.berth.meta.UploadSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 5: abandoned uploads. Sessions idle past the upload expiry go (row first, by a statement
 * that re-checks the idle time, so a chunk that landed meanwhile keeps its session; then the staged
 * bytes). Staging entries with no session row, older than the grace period, go too: a session's
 * staging is created just before its row, and a node-local lock could not protect it from a
 * collector in another process, so the age is what keeps a starting upload safe.
 */
final class SweepUploads {
  private final Run r;
  private long seen;
  private final List<String> buffer = new ArrayList<>();

  private SweepUploads(Run r) {
    this.r = r;
  }

  static void run(Run r) {
    r.step("purging idle upload sessions");
    Optional<String> after = Optional.empty();
    while (true) {
      r.checkpoint();
      List<UploadSession> page = r.store.idleSessions(after, r.uploadCutoff, r.batch);
      if (page.isEmpty()) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
      for (UploadSession s : page) {
        if (r.dryRun) {
          r.tally.sessions++;
        } else if (r.store.purgeIdleSession(s.id(), r.uploadCutoff)) {
          r.blobs.discard(s.id());
          r.tally.sessions++;
        }
      }
    }
    r.step("removing abandoned staged uploads");
    SweepUploads sweep = new SweepUploads(r);
    r.blobs.forEachStaged(sweep::offer);
    sweep.flush();
  }

  private void offer(StagedEntry e) {
    if (++seen % r.batch == 0) {
      // A long walk past young entries still renews the lease and stops on interruption.
      r.checkpoint();
    }
    if (!e.lastModified().isBefore(r.graceCutoff)) {
      return;
    }
    buffer.add(e.key());
    if (buffer.size() >= r.batch) {
      flush();
    }
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    r.checkpoint();
    Set<String> live = r.store.sessions(buffer);
    for (String key : buffer) {
      if (live.contains(key)) {
        continue;
      }
      if (!r.dryRun) {
        r.blobs.discard(key);
      }
      r.tally.staging++;
    }
    buffer.clear();
  }
}
