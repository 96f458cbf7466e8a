package dev.berth.blob;

import dev.berth.model.Digest;
import java.io.InputStream;

/**
 * Staged writes: bytes are appended under a staging key (an upload session id) and become a blob
 * only by {@link #commit}. Staged bytes are never readable as a blob.
 */
public interface BlobStaging {
  /** Bytes durable in staging under the key; 0 when nothing is staged. */
  long stagedLength(String key);

  /**
   * Cuts the staged bytes back to {@code length}, creating an empty staging entry when absent. Used
   * to drop bytes written after the last recorded offset (a crash or a broken chunk).
   */
  void truncate(String key, long length);

  /**
   * Appends everything {@code in} yields at {@code offset}, which must equal the staged length, and
   * makes it durable before returning the number of bytes appended. If reading or writing fails,
   * the staged bytes are cut back to {@code offset} and the failure is rethrown: a chunk is
   * appended entirely or not at all.
   */
  long append(String key, long offset, InputStream in);

  /** A stream over the first {@code length} staged bytes (to rebuild a hash after a restart). */
  InputStream readStaged(String key, long length);

  /**
   * Publishes the staged bytes under {@code digest} atomically and removes the staging entry. The
   * caller has verified the digest while streaming. Idempotent: if the blob already exists the
   * staged bytes are discarded.
   */
  void commit(String key, Digest digest);

  /** Removes staged bytes; no-op when absent. */
  void discard(String key);

  /**
   * The smallest chunk, other than the last, that this store accepts (advertised as {@code
   * OCI-Chunk-Min-Length}).
   */
  long minChunkLength();
}
