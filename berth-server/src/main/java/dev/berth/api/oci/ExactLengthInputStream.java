package dev.berth.api.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails when the stream yields more or fewer bytes than a chunk's {@code Content-Range} declared,
 * so a short or overlong chunk is rolled back instead of appended.
 */
final class ExactLengthInputStream extends FilterInputStream {
  private final long expected;
  private long count;

  ExactLengthInputStream(InputStream in, long expected) {
    super(in);
    this.expected = expected;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    check(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    check(n);
    return n;
  }

  private void check(int n) throws IOException {
    if (n < 0) {
      if (count != expected) {
        throw new ChunkLengthException("chunk ended after " + count + " of " + expected + " bytes");
      }
      return;
    }
    count += n;
    if (count > expected) {
      throw new ChunkLengthException("chunk is longer than its Content-Range");
    }
  }

  /** The chunk's length differs from its declared range. */
  static final class ChunkLengthException extends IOException {
    private static final long serialVersionUID = 1L;

    ChunkLengthException(String message) {
      super(message);
    }

    /** The message given at construction; never null. */
    @Override
    public String getMessage() {
      return String.valueOf(super.getMessage());
    }
  }
}
