package dev.berth.archive;

import dev.berth.blob.BlobTiers;
import dev.berth.meta.StorageClassStore;
import dev.berth.meta.StorageClassStore.ImageKey;
import dev.berth.meta.StorageClassStore.Placement;
import dev.berth.meta.StorageClassStore.QueuedBlob;
import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's steps: moves each queued blob to the tier its images' statuses call for, and
 * completes restores. Callers run one {@link #run} at a time.
 */
final class TierSettler {
  private static final Logger LOG = LoggerFactory.getLogger(TierSettler.class);
  private static final int BATCH = 100;

  /** Queue entries one run handles at most (a blob queued again and again waits for the next). */
  private static final int MAX_PER_RUN = 100_000;

  private final StorageClassStore store;
  private final BlobTiers tiers;
  private final Clock clock;

  TierSettler(StorageClassStore store, BlobTiers tiers, Clock clock) {
    this.store = store;
    this.tiers = tiers;
    this.clock = clock;
  }

  ArchiveService.Progress run() {
    int settled = 0;
    int failures = 0;
    Set<Digest> failed = new HashSet<>();
    while (settled + failures < MAX_PER_RUN) {
      List<QueuedBlob> batch =
          store.queuedBlobs(BATCH + failed.size()).stream()
              .filter(q -> !failed.contains(q.digest()))
              .toList();
      if (batch.isEmpty()) {
        break;
      }
      for (QueuedBlob q : batch) {
        try {
          settle(q.digest());
          store.dequeue(q);
          settled++;
        } catch (RuntimeException e) {
          LOG.warn("failed to move a blob between tiers digest={}", q.digest(), e);
          failed.add(q.digest());
          failures++;
        }
      }
    }
    int restored = 0;
    Set<ImageKey> failedImages = new HashSet<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      List<ImageKey> activating = store.withStatus(ImageStatus.ACTIVATING, Integer.MAX_VALUE);
      Set<ImageKey> waiting = new HashSet<>(activating);
      for (ImageKey image : activating) {
        if (failedImages.contains(image) || hasRestoringChild(image, waiting)) {
          continue;
        }
        try {
          if (restore(image)) {
            restored++;
            progress = true;
          }
          waiting.remove(image);
        } catch (RuntimeException e) {
          LOG.warn(
              "failed to restore an image repository={} digest={}",
              image.repositoryId(),
              image.digest(),
              e);
          failedImages.add(image);
          failures++;
        }
      }
    }
    if (settled > 0 || restored > 0) {
      LOG.info("settled blob tiers blobs={} restoredImages={}", settled, restored);
    }
    return new ArchiveService.Progress(settled, restored, failures);
  }

  /** An index waits for its restoring children, so it is never pullable before them. */
  private boolean hasRestoringChild(ImageKey image, Set<ImageKey> activating) {
    return store.children(image.repositoryId(), image.digest()).stream()
        .anyMatch(c -> activating.contains(new ImageKey(image.repositoryId(), c)));
  }

  /** Moves an ACTIVATING image's blobs back and sets it ACTIVE; whether it became ACTIVE. */
  private boolean restore(ImageKey image) {
    for (Digest blob : store.blobsOf(image.repositoryId(), image.digest())) {
      settle(blob);
    }
    return store.transition(
        image.repositoryId(),
        image.digest(),
        ImageStatus.ACTIVATING,
        ImageStatus.ACTIVE,
        clock.instant());
  }

  /** Moves the blob's bytes to the tier its placement calls for; nothing when unreferenced. */
  void settle(Digest blob) {
    Placement p = store.placement(blob);
    switch (p) {
      case STANDARD -> tiers.moveTo(blob, BlobTiers.Tier.STANDARD);
      case ARCHIVE -> tiers.moveTo(blob, BlobTiers.Tier.ARCHIVE);
      case UNREFERENCED -> {
        // garbage collection's: leave the bytes where they are
      }
    }
  }
}
