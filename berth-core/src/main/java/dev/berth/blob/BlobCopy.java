package dev.berth.blob;

import dev.berth.common.DigestingInputStream;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Copies one committed blob from one store to another, streaming: the bytes are hashed and counted
 * on their way from the source's reader into the target's staging, and committed under their digest
 * only when both match. Idempotent: a blob the target already holds at the expected size is left
 * alone, and staged bytes of an earlier interrupted copy are discarded before a new one.
 */
public final class BlobCopy {
  private final BlobStore from;
  private final BlobStore to;

  public BlobCopy(BlobStore from, BlobStore to) {
    this.from = from;
    this.to = to;
  }

  /** What a copy did. */
  public enum Outcome {
    /** Written to the target and verified. */
    COPIED,
    /** The target held it already at the expected size. */
    EXISTING,
    /** The source holds no bytes for it. */
    MISSING,
    /** The source's bytes do not hash to the digest or have another size: not written. */
    CORRUPT
  }

  /** Copies the blob {@code digest} of {@code size} bytes. */
  public Outcome copy(Digest digest, long size) {
    Optional<Long> there = to.size(digest);
    if (there.isPresent() && there.get() == size) {
      return Outcome.EXISTING;
    }
    if (there.isPresent()) {
      // Bytes of another length under the digest: a commit would keep them, so they go first.
      to.delete(digest);
    }
    Optional<BlobTiers.Tier> tier = from.tier(digest);
    Optional<Long> stored = from.size(digest);
    if (stored.isPresent() && stored.get() != size) {
      return Outcome.CORRUPT;
    }
    Optional<BlobContent> content =
        stored.isPresent() ? from.open(digest, 0, size) : Optional.empty();
    if (content.isEmpty()) {
      return Outcome.MISSING;
    }
    // One key per digest: a retry finds and discards what an interrupted attempt staged.
    String key = "migrate-" + digest.hex().substring(0, 48);
    to.discard(key);
    MessageDigest md = Hashing.digest(digest.jcaAlgorithm());
    Staged staged;
    try (BlobContent c = content.get();
        DigestingInputStream in = new DigestingInputStream(c.stream(), md)) {
      staged = to.append(to.begin(key), in);
    } catch (java.io.IOException e) {
      to.discard(key);
      throw new java.io.UncheckedIOException("failed to read blob " + digest, e);
    } catch (RuntimeException e) {
      to.discard(key);
      throw e;
    }
    if (staged.length() != size || !HexFormat.of().formatHex(md.digest()).equals(digest.hex())) {
      to.discard(key);
      return Outcome.CORRUPT;
    }
    to.commit(staged, digest);
    if (tier.orElse(BlobTiers.Tier.STANDARD) == BlobTiers.Tier.ARCHIVE) {
      to.moveTo(digest, BlobTiers.Tier.ARCHIVE);
    }
    return Outcome.COPIED;
  }
}
