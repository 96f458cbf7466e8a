package dev.berth.blob;

import dev.berth.model.Digest;
import java.io.InputStream;
import java.util.Optional;

/**
 * Staged writes: bytes are appended in parts under a staging key (an upload session id) and become
 * a blob only by {@link #commit}. Staged bytes are never readable as a blob. The caller keeps the
 * {@link Staged} each step returns (in the session row) and hands the latest one back: the store
 * never has to remember where a session is, so a session may continue on any node.
 */
public interface BlobStaging {
  /** Starts an empty staging entry under the key. */
  Staged begin(String key);

  /**
   * Appends everything {@code in} yields after the bytes of {@code state} and makes it durable
   * before returning the new state. Bytes written after {@code state} by an earlier attempt that
   * the caller never recorded are overwritten or ignored. If reading or writing fails the failure
   * is rethrown and {@code state} stays valid: a chunk is appended entirely or not at all.
   */
  Staged append(Staged state, InputStream in);

  /**
   * A stream over the bytes of {@code state}, when this store can read staged bytes back (a file
   * can; an object store's open multipart upload cannot): for digests other than the running
   * SHA-256 and for sessions recorded before the hash state was kept.
   */
  Optional<InputStream> readStaged(Staged state);

  /**
   * Publishes exactly the bytes of {@code state} under {@code digest} atomically and removes the
   * staging entry. The caller has verified the digest while streaming. Idempotent: if the blob
   * already exists the staged bytes are discarded.
   */
  void commit(Staged state, Digest digest);

  /** Removes staged bytes (for an object store, aborts its multipart upload); no-op when absent. */
  void discard(String key);

  /**
   * The smallest chunk, other than the last, that this store accepts (advertised as {@code
   * OCI-Chunk-Min-Length}).
   */
  long minChunkLength();
}
