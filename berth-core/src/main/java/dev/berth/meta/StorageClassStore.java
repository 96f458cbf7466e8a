package dev.berth.meta;

import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Images' storage class (ECR's archive class): their status, and the queue of blobs whose tier is
 * to be settled after a status change. Which tier a blob belongs in follows from the statuses of
 * every image, in every repository, that references it ({@link #placement}).
 */
public interface StorageClassStore {
  /** An image of a repository, by ids. */
  record ImageKey(String repositoryId, Digest digest) {}

  /** A queued blob; {@code generation} tells a later re-queue apart. */
  record QueuedBlob(Digest digest, long generation) {}

  /** Where a blob's bytes belong. */
  enum Placement {
    /**
     * An ACTIVE or ACTIVATING image references it, or a repository links it without any manifest
     * there referencing it (an upload waiting for its manifest, a mount).
     */
    STANDARD,
    /** Only ARCHIVED images reference it. */
    ARCHIVE,
    /** Nothing references or waits for it (garbage collection's to remove). */
    UNREFERENCED
  }

  /**
   * Sets the image's status to {@code to} if it is {@code from}, stamping {@code at} as its last
   * archive time (to ARCHIVED) or last activation time (to ACTIVE); returns whether it changed.
   */
  boolean transition(
      String repositoryId, Digest digest, ImageStatus from, ImageStatus to, Instant at);

  /**
   * Called in the transaction that stored (or found stored) a pushed manifest: the blobs it shares
   * with images that are not ACTIVE (itself included) are queued, and an image that is not ACTIVE
   * becomes ACTIVE at {@code at}, as pushing an archived image restores it at once in ECR. Returns
   * whether the image was reactivated.
   */
  boolean pushed(String repositoryId, Digest digest, Instant at);

  /** Images with the status, in repository and digest order, at most {@code limit}. */
  List<ImageKey> withStatus(ImageStatus status, int limit);

  /** The child manifests an index lists, in order (empty for an image manifest). */
  List<Digest> children(String repositoryId, Digest index);

  /**
   * Whether an index of the repository whose status is one of {@code statuses}, other than those in
   * {@code excluding}, lists the manifest.
   */
  boolean listedByIndex(
      String repositoryId, Digest digest, Set<ImageStatus> statuses, Set<Digest> excluding);

  /** The distinct layers and config the manifest references (empty for an index). */
  List<Digest> blobsOf(String repositoryId, Digest digest);

  /** Queues the layers and config of the manifest for their tier to be settled. */
  void queueBlobsOf(String repositoryId, Digest digest, Instant at);

  /** Queued blobs, oldest first, at most {@code limit}. */
  List<QueuedBlob> queuedBlobs(int limit);

  /** Removes the entry unless the blob was queued again since it was read. */
  void dequeue(QueuedBlob blob);

  /** Where the blob's bytes belong, from the statuses of the images referencing it. */
  Placement placement(Digest blob);

  /**
   * Whether manifests of the repository reference the blob as a layer or config and none of them is
   * ACTIVE (a pull of it is a pull of an archived image).
   */
  boolean usedOnlyByInactive(String repositoryId, Digest blob);
}
