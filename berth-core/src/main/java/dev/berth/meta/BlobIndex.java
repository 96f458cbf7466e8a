package dev.berth.meta;

import dev.berth.model.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Which blobs exist and which repositories link them. A blob row comes before its bytes (an upload
 * records the row, commits the bytes, then links); a link exists only once the bytes are durable,
 * and a repository may serve a blob only through a link. A row is LIVE, or DELETING while the
 * garbage collector removes it (see {@code dev.berth.gc}); a DELETING row never gains a link.
 */
public interface BlobIndex {
  /**
   * Records the blob as LIVE and touched at {@code now}, or touches its LIVE row: the garbage
   * collector leaves a blob alone for its grace period after the last touch. Returns false, and
   * changes nothing, when the row is DELETING (the collector is removing the blob).
   */
  boolean recordBlob(Digest digest, long size, Instant now);

  Optional<Long> blobSize(Digest digest);

  /**
   * The blob rows' count and total size, whatever their state (the bytes of a DELETING row are
   * still stored until the collector removes them); for the stored-bytes gauges (issue 11).
   */
  BlobTotals totals();

  /** How many blob rows there are and the sum of their sizes. */
  record BlobTotals(long count, long bytes) {}

  /**
   * Links the blob into the repository, or refreshes the link, with {@code linked_at = now}; only
   * when the blob's row is LIVE. Returns whether the repository links the blob now (false: no row,
   * or a DELETING one). Call it only once the blob's bytes are durable.
   */
  boolean link(String repositoryId, Digest digest, Instant now);

  /** Removes the link; returns whether it existed. */
  boolean unlink(String repositoryId, Digest digest);

  /** The blob's size when the repository links it. */
  Optional<Long> linkedSize(String repositoryId, Digest digest);

  /** The sizes of those of the digests the repository links (absent ones are left out). */
  java.util.Map<Digest, Long> linkedSizes(String repositoryId, Collection<Digest> digests);

  /** Those of the digests the repository does not link. */
  Set<Digest> unlinked(String repositoryId, Collection<Digest> digests);
}
