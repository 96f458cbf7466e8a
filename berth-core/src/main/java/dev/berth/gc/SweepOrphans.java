package dev.berth.gc;

import dev.berth.blob.StoredBlob;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Step 4: files in the blob store that have no row, older than the grace period (left by a crash
 * before the row order changed, or by an upload whose row the collector took before the bytes
 * landed). The store's listing streams; per batch one query finds which have rows; each orphan is
 * claimed by inserting a DELETING row (which does nothing if an upload's row appeared meanwhile),
 * then its bytes go, then the row. An upload of the digest meanwhile sees DELETING and waits.
 */
final class SweepOrphans {
  private final Run r;
  private long seen;
  private final List<StoredBlob> buffer = new ArrayList<>();

  private SweepOrphans(Run r) {
    this.r = r;
  }

  static void run(Run r) {
    r.step("removing orphan files");
    SweepOrphans sweep = new SweepOrphans(r);
    r.blobs.forEachBlob(sweep::offer);
    sweep.flush();
  }

  private void offer(StoredBlob b) {
    if (++seen % r.batch == 0) {
      // A long walk past young entries still renews the lease and stops on interruption.
      r.checkpoint();
    }
    if (!b.lastModified().isBefore(r.graceCutoff)) {
      return;
    }
    buffer.add(b);
    if (buffer.size() >= r.batch) {
      flush();
    }
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    r.checkpoint();
    Set<Digest> recorded = r.store.recorded(buffer.stream().map(StoredBlob::digest).toList());
    List<BlobInfo> orphans = new ArrayList<>();
    for (StoredBlob b : buffer) {
      if (!recorded.contains(b.digest())) {
        orphans.add(new BlobInfo(b.digest(), b.size()));
      }
    }
    buffer.clear();
    if (orphans.isEmpty()) {
      return;
    }
    if (r.dryRun) {
      for (BlobInfo b : orphans) {
        r.tally.orphans++;
        r.tally.orphanBytes += b.size();
      }
      return;
    }
    Set<Digest> claimed = r.store.claimOrphans(orphans, r.clock.instant());
    for (BlobInfo b : orphans) {
      if (claimed.contains(b.digest())) {
        r.blobs.delete(b.digest());
      }
    }
    r.store.removeDeleting(claimed);
    for (BlobInfo b : orphans) {
      if (claimed.contains(b.digest())) {
        r.tally.orphans++;
        r.tally.orphanBytes += b.size();
      }
    }
  }
}
