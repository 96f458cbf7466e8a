package dev.berth.meta;

import java.time.Instant;

/**
 * An upload in progress: bytes up to {@code offset} are durable in staging under {@code id}.
 *
 * @param stagingToken the blob store's record of where the staged bytes are (opaque; empty for a
 *     store that finds them by id)
 * @param hashState the saved running SHA-256 of the first {@code offset} bytes; empty when none was
 *     saved (a session from before issue 12, or one with no bytes yet)
 */
public record UploadSession(
    String id,
    String repositoryId,
    long offset,
    Instant startedAt,
    Instant updatedAt,
    String stagingToken,
    byte[] hashState) {
  /** A new session with nothing staged. */
  public UploadSession(
      String id, String repositoryId, long offset, Instant startedAt, Instant updatedAt) {
    this(id, repositoryId, offset, startedAt, updatedAt, "", new byte[0]);
  }

  /** The session after a chunk: new offset, staging record and hash state. */
  public UploadSession advanced(long next, String token, byte[] hash, Instant now) {
    return new UploadSession(id, repositoryId, next, startedAt, now, token, hash);
  }
}
