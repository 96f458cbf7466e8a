package dev.berth.blob;

import dev.berth.model.Digest;
import java.time.Instant;

/**
 * A committed blob as a listing sees it.
 *
 * @param digest its key
 * @param size its length in bytes
 * @param lastModified when its bytes were last written (a file's mtime, an object's LastModified)
 */
public record StoredBlob(Digest digest, long size, Instant lastModified) {}
