package dev.berth.archive;

import dev.berth.blob.BlobTiers;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.StorageClassStore;
import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Repository;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Moves images between ECR's storage classes (UpdateImageStorageClass, lifecycle {@code
 * transition}). State machine, as ECR's:
 *
 * <pre>
 * ACTIVE     --archive--&gt;  ARCHIVED      (at once; lastArchivedAt)
 * ARCHIVED   --restore--&gt;  ACTIVATING    (at once; the worker moves the bytes back)
 * ACTIVATING --worker---&gt;  ACTIVE        (lastActivatedAt)
 * ARCHIVED or ACTIVATING --push of the same manifest--&gt; ACTIVE at once (ManifestService.put)
 * </pre>
 *
 * Any other request ({@code ARCHIVE} of an archived or restoring image, {@code STANDARD} of an
 * active or restoring one) is {@code STORAGE_CLASS_UPDATE_UNSUPPORTED}. Archiving an index archives
 * the child manifests that no other active index of the repository lists; a child an active index
 * lists cannot be archived on its own. Restoring an index restores its archived children. Referrers
 * (signatures, SBOMs) keep their own status. There is no minimum archive duration.
 */
public final class ArchiveService {
  private static final Set<ImageStatus> LIVE =
      EnumSet.of(ImageStatus.ACTIVE, ImageStatus.ACTIVATING);

  private final MetadataStore meta;
  private final StorageClassStore store;
  private final Clock clock;
  private final TierSettler settler;
  private volatile Runnable onWork = () -> {};

  public ArchiveService(MetadataStore meta, BlobTiers tiers, Clock clock) {
    this.meta = meta;
    this.store = meta.storageClasses();
    this.clock = clock;
    this.settler = new TierSettler(store, tiers, clock);
  }

  /** Moves the image to {@code target}; returns its status afterwards (UpdateImageStorageClass). */
  public ImageStatus update(Repository repo, Digest digest, TargetStorageClass target) {
    return target == TargetStorageClass.ARCHIVE ? archive(repo, digest) : restore(repo, digest);
  }

  /**
   * Archives an ACTIVE image (and the children of an index no other active index lists): ARCHIVED
   * at once with {@code lastArchivedAt} now, pulls refused from then on; its layers and config move
   * to the archive tier in the background unless an active image still uses them. Returns {@link
   * ImageStatus#ARCHIVED}. {@code MANIFEST_UNKNOWN} when absent, {@code
   * STORAGE_CLASS_UPDATE_UNSUPPORTED} when the image is not ACTIVE or an active index lists it.
   */
  public ImageStatus archive(Repository repo, Digest digest) {
    Instant now = clock.instant();
    meta.transactions()
        .run(
            () -> {
              ManifestRecord m = find(repo, digest);
              if (m.state().status() != ImageStatus.ACTIVE) {
                throw unsupported(
                    repo,
                    digest,
                    m.state().status() == ImageStatus.ARCHIVED
                        ? "is already archived"
                        : "is being restored and cannot be archived until the restore completes");
              }
              if (store.listedByIndex(repo.id(), digest, LIVE, Set.of())) {
                throw unsupported(
                    repo,
                    digest,
                    "is referenced by an active manifest list in the repository; archive the"
                        + " manifest list instead");
              }
              Set<Digest> images = new LinkedHashSet<>();
              collectForArchive(repo, digest, images);
              for (Digest d : images) {
                store.transition(repo.id(), d, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, now);
                store.queueBlobsOf(repo.id(), d, now);
              }
            });
    signal();
    return ImageStatus.ARCHIVED;
  }

  private void collectForArchive(Repository repo, Digest digest, Set<Digest> images) {
    if (!images.add(digest)) {
      return;
    }
    for (Digest child : store.children(repo.id(), digest)) {
      boolean active =
          meta.images()
              .findManifest(repo.id(), child)
              .map(c -> c.state().status() == ImageStatus.ACTIVE)
              .orElse(false);
      if (active
          && !images.contains(child)
          && !store.listedByIndex(repo.id(), child, LIVE, images)) {
        collectForArchive(repo, child, images);
      }
    }
  }

  /**
   * Starts restoring an ARCHIVED image (and the archived children of an index): ACTIVATING at once,
   * still refused to pulls; the worker moves the bytes back and sets ACTIVE with {@code
   * lastActivatedAt}. Returns {@link ImageStatus#ACTIVATING}. {@code MANIFEST_UNKNOWN} when absent,
   * {@code STORAGE_CLASS_UPDATE_UNSUPPORTED} when the image is not ARCHIVED.
   */
  public ImageStatus restore(Repository repo, Digest digest) {
    Instant now = clock.instant();
    meta.transactions()
        .run(
            () -> {
              ManifestRecord m = find(repo, digest);
              if (m.state().status() != ImageStatus.ARCHIVED) {
                throw unsupported(
                    repo,
                    digest,
                    m.state().status() == ImageStatus.ACTIVE
                        ? "is already in the STANDARD storage class"
                        : "is already being restored");
              }
              Set<Digest> images = new LinkedHashSet<>();
              collectForRestore(repo, digest, images);
              for (Digest d : images) {
                store.transition(repo.id(), d, ImageStatus.ARCHIVED, ImageStatus.ACTIVATING, now);
              }
            });
    signal();
    return ImageStatus.ACTIVATING;
  }

  private void collectForRestore(Repository repo, Digest digest, Set<Digest> images) {
    if (!images.add(digest)) {
      return;
    }
    for (Digest child : store.children(repo.id(), digest)) {
      boolean archived =
          meta.images()
              .findManifest(repo.id(), child)
              .map(c -> c.state().status() == ImageStatus.ARCHIVED)
              .orElse(false);
      if (archived) {
        collectForRestore(repo, child, images);
      }
    }
  }

  private ManifestRecord find(Repository repo, Digest digest) {
    return meta.images()
        .findManifest(repo.id(), digest)
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.MANIFEST_UNKNOWN,
                    "The image with imageId {imageDigest:'"
                        + digest
                        + "', imageTag:'null'} does not exist within the repository with name '"
                        + repo.name().value()
                        + "' in the registry with id '"
                        + repo.account().value()
                        + "'"));
  }

  private static RegistryException unsupported(Repository repo, Digest digest, String why) {
    return new RegistryException(
        ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED,
        "The image with digest '"
            + digest
            + "' in the repository with name '"
            + repo.name().value()
            + "' "
            + why,
        Map.of("digest", digest.toString()));
  }

  /**
   * Does the pending work once, in the caller's thread: settles the tier of every queued blob and
   * completes every restore whose bytes are back. Safe to call at any time (one run at a time); the
   * worker calls it in the background, tests call it to finish restores deterministically.
   */
  public Progress runPending() {
    synchronized (settler) {
      return settler.run();
    }
  }

  /** What one {@link #runPending} did: blobs settled, restores completed, failures left pending. */
  public record Progress(int blobsSettled, int restoresCompleted, int failures) {}

  /** Wakes the worker: work was queued. */
  void signal() {
    onWork.run();
  }

  /** Who hears that work was queued: the worker, which then runs {@link #runPending} soon. */
  void onWork(Runnable listener) {
    this.onWork = listener;
  }
}
