package dev.berth.blob;

import dev.berth.model.Digest;

/** Removes committed blobs (garbage collection only). */
public interface BlobDeleter {
  /** Deletes the blob's bytes from every tier; returns whether anything was removed. Idempotent. */
  boolean delete(Digest digest);
}
