package dev.berth.pullthrough;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob being downloaded from the upstream, followed as it arrives: its streams yield bytes as
 * they are spooled, complete only once the blob is committed to the cache repository (digest
 * checked), and fail when the download does. Close it when done.
 */
public final class FollowedBlob implements Closeable {
  private final long size;
  private final Download download;
  private boolean closed;

  FollowedBlob(long size, Download download) {
    this.size = size;
    this.download = download;
  }

  /** The blob's length, as the upstream (or the manifest) declared it. */
  public long size() {
    return size;
  }

  /** The bytes {@code [offset, offset + length)}, as they arrive. */
  public InputStream stream(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new IllegalArgumentException("range outside the blob");
    }
    long end = offset + length;
    return new InputStream() {
      private long position = offset;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n = download.read(position, end, buf, off, len);
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      download.release();
    }
  }
}
