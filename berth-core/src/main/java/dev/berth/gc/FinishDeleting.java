package dev.berth.gc;

import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import java.util.List;
import java.util.Optional;

/**
 * Step 1: rows left DELETING by a collector that died between marking and removing them. Holding
 * the lease, every DELETING row is such a leftover: its bytes go (again, idempotently), then the
 * row. An upload of the same digest has been waiting, or answered a retryable error, meanwhile.
 */
final class FinishDeleting {
  private FinishDeleting() {}

  static void run(Run r) {
    r.step("finishing interrupted deletions");
    Optional<Digest> after = Optional.empty();
    while (true) {
      r.checkpoint();
      List<BlobInfo> page = r.store.deleting(after, r.batch);
      if (page.isEmpty()) {
        return;
      }
      after = Optional.of(page.get(page.size() - 1).digest());
      if (!r.dryRun) {
        page.forEach(b -> r.blobs.delete(b.digest()));
        r.store.removeDeleting(page.stream().map(BlobInfo::digest).toList());
      }
      for (BlobInfo b : page) {
        r.tally.blobs++;
        r.tally.bytes += b.size();
      }
    }
  }
}
