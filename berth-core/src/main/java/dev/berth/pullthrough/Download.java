package dev.berth.pullthrough;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One blob on its way from the upstream into the blob store, which any number of readers follow as
 * it arrives. The writer appends each piece it reads from the upstream to a spool file on local
 * disk before handing it on to the upload (which hashes it and commits only a matching digest); a
 * reader streams what is spooled so far and waits for more. The last byte of every range a reader
 * asks for is held back until the blob is committed, so a reader's stream completes only with
 * verified content, and a failed download ends every reader's stream with an {@link IOException}.
 * The spool file is deleted once the download has ended and no reader holds it.
 */
final class Download {
  private static final Logger LOG = LoggerFactory.getLogger(Download.class);

  private enum State {
    RUNNING,
    COMMITTED,
    FAILED
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Path spool;
  private final FileChannel channel;
  private State state = State.RUNNING;
  private boolean sized;
  private OptionalLong length = OptionalLong.empty();
  private long written;
  private int holders = 1; // the writer
  private String failure = "";
  private volatile long progress = System.nanoTime();
  private volatile @Nullable Thread writer;

  Download(Path spool) throws IOException {
    this.spool = spool;
    this.channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** The thread that writes (it is interrupted when the upstream stalls). */
  void writtenBy(Thread thread) {
    writer = thread;
  }

  /**
   * Interrupts the writer when the download is still running but nothing arrived for {@code idle}
   * (the upstream stalled: an HTTP body has no read timeout of its own); true if it did.
   */
  boolean interruptIfStalled(Duration idle, long nowNanos) {
    Thread w = writer;
    if (w == null || nowNanos - progress < idle.toNanos() || !running()) {
      return false;
    }
    LOG.warn("failed to download blob: the upstream stalled path={} idle={}", spool, idle);
    w.interrupt();
    return true;
  }

  private boolean running() {
    lock.lock();
    try {
      return state == State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  /** Declares the blob's length (empty when the upstream did not say); followers wait for it. */
  void sized(OptionalLong declared) {
    lock.lock();
    try {
      length = declared;
      sized = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The upstream's bytes, each piece spooled as it is read; reading fails when the upstream sends
   * more or fewer bytes than {@link #sized declared}.
   */
  InputStream tee(InputStream upstream) {
    return new Tee(upstream);
  }

  /** The bytes are committed and linked: followers may finish. */
  void committed() {
    end(State.COMMITTED, "");
  }

  /** The download failed: followers' streams fail. */
  void failed(String why) {
    end(State.FAILED, why);
  }

  private void end(State to, String why) {
    lock.lock();
    try {
      if (state == State.RUNNING) {
        state = to;
        failure = why;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The writer is done with the spool (after {@link #committed} or {@link #failed}). */
  void writerDone() {
    end(State.FAILED, "the download stopped");
    release();
  }

  /** Waits for the end of the download; true when the blob was committed. */
  boolean awaitEnd() {
    lock.lock();
    try {
      while (state == State.RUNNING) {
        changed.awaitUninterruptibly();
      }
      return state == State.COMMITTED;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the blob's length is known, then follows the download; empty when the download
   * ended first (the blob is committed, or not to be had) or the upstream declared no length (wait
   * for the {@link #awaitEnd end} then).
   */
  Optional<FollowedBlob> follow() {
    lock.lock();
    try {
      while (state == State.RUNNING && !sized) {
        changed.awaitUninterruptibly();
      }
      if (state != State.RUNNING || length.isEmpty()) {
        return Optional.empty();
      }
      holders++;
      return Optional.of(new FollowedBlob(length.getAsLong(), this));
    } finally {
      lock.unlock();
    }
  }

  /** A follower is done (its stream closed). */
  void release() {
    lock.lock();
    try {
      if (--holders > 0) {
        return;
      }
    } finally {
      lock.unlock();
    }
    try {
      channel.close();
      Files.deleteIfExists(spool);
    } catch (IOException e) {
      LOG.warn("failed to delete spool file path={} error={}", spool, e.getMessage());
    }
  }

  /**
   * Reads spooled bytes at {@code position} into {@code buf}, below {@code end} (the end of the
   * reader's range), waiting until some are there; -1 at {@code end} once committed.
   */
  int read(long position, long end, byte[] buf, int off, int len) throws IOException {
    long available;
    lock.lock();
    try {
      while (true) {
        if (state == State.FAILED) {
          throw new IOException("failed to download the blob from the upstream: " + failure);
        }
        available = state == State.COMMITTED ? end : Math.min(written, end - 1);
        if (position < available) {
          break;
        }
        if (position >= end && state == State.COMMITTED) {
          return -1;
        }
        try {
          changed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while following a download");
        }
      }
    } finally {
      lock.unlock();
    }
    int n = (int) Math.min(len, available - position);
    int read = channel.read(ByteBuffer.wrap(buf, off, n), position);
    if (read < 0) {
      throw new IOException("spool file ended at " + position);
    }
    return read;
  }

  private void appended(int n) throws IOException {
    lock.lock();
    try {
      written += n;
      progress = System.nanoTime();
      if (length.isPresent() && written > length.getAsLong()) {
        throw new IOException(
            "the upstream sent more bytes than the " + length.getAsLong() + " it declared");
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void finished() throws IOException {
    lock.lock();
    try {
      if (length.isPresent() && written != length.getAsLong()) {
        throw new IOException(
            "the upstream sent " + written + " of the " + length.getAsLong() + " bytes declared");
      }
    } finally {
      lock.unlock();
    }
  }

  /** Spools each piece it reads, then hands it on. */
  private final class Tee extends FilterInputStream {
    private long position;

    Tee(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(buf, off, len);
      } catch (IOException e) {
        if (Thread.interrupted() || e instanceof InterruptedIOException) {
          // Stalled or closing: the upload cleans up after the failure, not interrupted itself.
          throw new IOException("the download was stopped (upstream stalled or cache closed)", e);
        }
        throw e;
      }
      if (n < 0) {
        finished();
        return n;
      }
      ByteBuffer piece = ByteBuffer.wrap(buf, off, n);
      while (piece.hasRemaining()) {
        position += channel.write(piece, position);
      }
      appended(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("a download is read in full");
    }
  }
}
