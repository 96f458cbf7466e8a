package dev.berth.gc;

import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step 3: blob rows no manifest references and no repository links, untouched for the grace period.
 * Per candidate one conditional statement marks the row DELETING (re-checking state, age, links and
 * references); only rows it changed lose their bytes, then their row. From the mark on, no link can
 * be made to the blob and an upload of it waits for the row to go.
 */
final class SweepUnreferenced {
  private SweepUnreferenced() {}

  static void run(Run r) {
    r.step("removing unreferenced blobs");
    Optional<Digest> after = Optional.empty();
    while (true) {
      r.checkpoint();
      List<BlobInfo> page = r.store.unreferenced(after, r.graceCutoff, r.batch);
      if (page.isEmpty()) {
        return;
      }
      after = Optional.of(page.get(page.size() - 1).digest());
      if (r.dryRun) {
        for (BlobInfo b : page) {
          r.tally.blobs++;
          r.tally.bytes += b.size();
        }
        continue;
      }
      Map<Digest, Long> sizes = new HashMap<>();
      page.forEach(b -> sizes.put(b.digest(), b.size()));
      Set<Digest> marked = r.store.markDeleting(sizes.keySet(), r.graceCutoff);
      for (Digest d : marked) {
        r.blobs.delete(d);
      }
      r.store.removeDeleting(marked);
      for (Digest d : marked) {
        r.tally.blobs++;
        r.tally.bytes += sizes.getOrDefault(d, 0L);
      }
    }
  }
}
