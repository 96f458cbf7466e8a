package dev.berth.blob;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads a blob's bytes at absolute positions into a buffer the caller owns (zero-copy serving). */
@FunctionalInterface
public interface PositionalReader {
  /** Reads into {@code dst} from {@code position}; the number read, -1 at the end. */
  int read(ByteBuffer dst, long position) throws IOException;
}
