package dev.berth.blob.s3;

import dev.berth.blob.BlobContent;
import dev.berth.blob.PositionalReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** A ranged GET; closing it early drops the connection rather than draining the rest. */
final class RangeContent implements BlobContent {
  private final long offset;
  private final long length;
  private final InputStream in;
  private final Counted stream;
  private final Runnable abort;

  RangeContent(long offset, long length, InputStream in, Runnable abort) {
    this.offset = offset;
    this.length = length;
    this.in = in;
    this.stream = new Counted(in, length);
    this.abort = abort;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream stream() {
    return stream;
  }

  @Override
  public Optional<PositionalReader> positional() {
    return Optional.empty();
  }

  @Override
  public void close() {
    if (stream.remaining > 0) {
      abort.run();
    }
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Yields at most {@code remaining} bytes and counts what is left. */
  private static final class Counted extends FilterInputStream {
    long remaining;

    Counted(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, remaining));
      remaining -= s;
      return s;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), remaining);
    }

    @Override
    public void close() {
      // closed by the content
    }
  }
}
