package dev.berth.gc;

import dev.berth.meta.BlobLink;
import java.util.List;
import java.util.Optional;

/**
 * Step 2: repository links that no manifest of their repository references, older than the grace
 * period (a blob uploaded or mounted and never used by a manifest, or left by a deleted manifest
 * whose link was newer than it). Each batch is deleted by one statement that re-checks age and the
 * absence of references, so a manifest put committed after the listing keeps its links.
 */
final class ExpireLinks {
  private ExpireLinks() {}

  static void run(Run r) {
    r.step("expiring unreferenced links");
    Optional<BlobLink> after = Optional.empty();
    while (true) {
      r.checkpoint();
      List<BlobLink> page = r.store.expirableLinks(after, r.graceCutoff, r.batch);
      if (page.isEmpty()) {
        return;
      }
      after = Optional.of(page.get(page.size() - 1));
      r.tally.links += r.dryRun ? page.size() : r.store.expireLinks(page, r.graceCutoff);
    }
  }
}
