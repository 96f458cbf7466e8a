package dev.berth.meta;

import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the garbage collector reads and changes; {@code dev.berth.gc} documents the protocol these
 * statements implement. Listings are pages in key order after a key (keyset paging), so no caller
 * ever holds a whole table. Every changing method is one conditional statement per row or batch
 * that re-checks its condition, so it is safe against a concurrent upload, mount or manifest put
 * that commits in between the listing and the change.
 */
public interface GcStore {
  /** Stores the summary of a finished run (replacing the previous one). */
  void recordRun(GcRunSummary run);

  /** The summary of the last finished run, if any ran. */
  Optional<GcRunSummary> lastRun();

  /**
   * Rows in state DELETING (left by a collector that died), in digest order after {@code after}.
   */
  List<BlobInfo> deleting(Optional<Digest> after, int limit);

  /** Deletes those of the rows that are DELETING; returns how many went. */
  int removeDeleting(Collection<Digest> digests);

  /**
   * Links, in (digest, repository) order after {@code after}, that no manifest of their repository
   * references and that are older than {@code cutoff}.
   */
  List<BlobLink> expirableLinks(Optional<BlobLink> after, Instant cutoff, int limit);

  /**
   * Deletes those of the links that are still unreferenced and older than {@code cutoff}, in one
   * statement re-checking both; returns how many went.
   */
  int expireLinks(Collection<BlobLink> links, Instant cutoff);

  /**
   * LIVE blobs in digest order after {@code after}, touched before {@code cutoff}, that no manifest
   * references and no repository links except by a link that {@link #expirableLinks} would list (so
   * a dry run, which expires no link, counts what a real run removes).
   */
  List<BlobInfo> unreferenced(Optional<Digest> after, Instant cutoff, int limit);

  /**
   * In one transaction, one conditional statement per digest: marks the blob DELETING if it is
   * LIVE, touched before {@code cutoff}, linked by no repository and referenced by no manifest.
   * Returns the digests it changed; only those may have their bytes deleted.
   */
  Set<Digest> markDeleting(Collection<Digest> digests, Instant cutoff);

  /** Those of the digests that have a row, whatever its state. */
  Set<Digest> recorded(Collection<Digest> digests);

  /**
   * For files found in the blob store without a row: inserts a DELETING row for each that still has
   * none (an upload's row that appeared meanwhile wins). Returns the digests it inserted; only
   * those may have their bytes deleted.
   */
  Set<Digest> claimOrphans(Collection<BlobInfo> blobs, Instant now);

  /** Upload sessions not updated since {@code cutoff}, in id order after {@code after}. */
  List<UploadSession> idleSessions(Optional<String> after, Instant cutoff, int limit);

  /**
   * Deletes the session if it is still not updated since {@code cutoff}; returns whether it went.
   */
  boolean purgeIdleSession(String id, Instant cutoff);

  /** Those of the ids that are sessions. */
  Set<String> sessions(Collection<String> ids);
}
