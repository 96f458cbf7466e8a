package dev.berth.blob;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Optional;

/** An open range of a blob; close it when done. */
public interface BlobContent extends Closeable {
  /** First byte of the range within the blob. */
  long offset();

  /** Bytes in the range. */
  long length();

  /** A stream of exactly {@link #length()} bytes. */
  InputStream stream();

  /**
   * Positional reads of the bytes, when the backend has them locally (a file), so the server can
   * send them through its own buffers without a stream copy. Positions are absolute within the
   * blob.
   */
  Optional<PositionalReader> positional();

  @Override
  void close();

  /** A range read from a stream alone (no positional reads); closing it closes the stream. */
  static BlobContent ofStream(long offset, long length, InputStream in) {
    return new StreamContent(offset, length, in);
  }
}
