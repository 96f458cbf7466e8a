package dev.berth.blob;

import java.io.Closeable;
import java.io.InputStream;
import java.nio.channels.FileChannel;
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
   * The file channel holding the bytes, when the backend has one, so the server can transfer or map
   * them without copying through the heap. Positions are absolute within the blob.
   */
  Optional<FileChannel> channel();

  @Override
  void close();
}
