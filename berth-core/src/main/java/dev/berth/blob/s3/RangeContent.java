package dev.berth.blob.s3;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BoundedInputStream;
import dev.berth.blob.PositionalReader;
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
    if (stream.remaining() > 0) {
      abort.run();
    }
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The range's bytes; closing it leaves the response to {@link RangeContent#close()}. */
  private static final class Counted extends BoundedInputStream {
    Counted(InputStream in, long limit) {
      super(in, limit);
    }

    @Override
    public void close() {
      // closed by the content
    }
  }
}
