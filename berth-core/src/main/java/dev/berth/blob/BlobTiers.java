package dev.berth.blob;

import dev.berth.model.Digest;
import java.util.Optional;

/**
 * Storage tiers of committed blobs: the standard tier and an archive tier the operator places
 * elsewhere (another directory or volume; on an object store, a storage class). Which tier a blob
 * belongs in is decided above the store, from metadata; the store only moves bytes.
 *
 * <p>Every read ({@link BlobReader#open}, {@link BlobStatter#size}) finds a blob in whichever tier
 * holds it, so a move never makes a blob unreadable. {@link BlobStaging#commit} publishes into the
 * standard tier and then drops an archived copy of the same digest; {@link BlobDeleter#delete}
 * removes the bytes from every tier.
 */
public interface BlobTiers {
  /** A storage tier. */
  enum Tier {
    STANDARD,
    ARCHIVE
  }

  /**
   * The tier holding the blob's bytes; empty when no tier does. When an interrupted move left a
   * copy in both, {@link Tier#STANDARD}.
   */
  Optional<Tier> tier(Digest digest);

  /**
   * Moves the blob's bytes into {@code tier}: the copy there is made durable before the other is
   * removed, so after a crash at any point one tier or both hold complete bytes, and a retried move
   * finishes the job. Idempotent. Returns false (doing nothing) when no tier holds the blob.
   */
  boolean moveTo(Digest digest, Tier tier);
}
