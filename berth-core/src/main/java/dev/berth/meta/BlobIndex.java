package dev.berth.meta;

import dev.berth.model.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Which blobs exist (written only after their bytes are durable) and which repositories link them.
 * A repository may serve a blob only through a link.
 */
public interface BlobIndex {
  /** Records that durable bytes exist for the digest; idempotent. */
  void recordBlob(Digest digest, long size, Instant now);

  Optional<Long> blobSize(Digest digest);

  /** Links the blob into the repository; idempotent. The blob must be recorded. */
  void link(String repositoryId, Digest digest, Instant now);

  /** Removes the link; returns whether it existed. */
  boolean unlink(String repositoryId, Digest digest);

  /** The blob's size when the repository links it. */
  Optional<Long> linkedSize(String repositoryId, Digest digest);

  /** The sizes of those of the digests the repository links (absent ones are left out). */
  java.util.Map<Digest, Long> linkedSizes(String repositoryId, Collection<Digest> digests);

  /** Those of the digests the repository does not link. */
  Set<Digest> unlinked(String repositoryId, Collection<Digest> digests);
}
