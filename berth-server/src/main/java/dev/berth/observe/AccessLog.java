package dev.berth.observe;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request. A request formats its line and queues it; one writer thread
 * takes the queued lines every {@value #PERIOD_MS} ms into a buffered writer and flushes, so a line
 * reaches the terminal or file within moments and a busy node writes in large chunks (measured in
 * {@code AccessLogTest}). The queue is bounded: when the writer falls that far behind, requests
 * wait for room rather than lose lines.
 */
public final class AccessLog implements RequestObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  private static final int QUEUE = 16 * 1024;
  private static final int BATCH = 1024;

  /** How often the writer takes what was queued: a line reaches its file within about this. */
  static final long PERIOD_MS = 50;

  private final Function<RequestRecord, String> format;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Writer out;
  private final boolean ownsOut;
  private final Thread writer;
  private volatile boolean closed;

  private AccessLog(Function<RequestRecord, String> format, Writer out, boolean ownsOut) {
    this.format = format;
    this.out = out;
    this.ownsOut = ownsOut;
    this.writer = Thread.ofPlatform().name("berth-access-log").daemon().unstarted(this::drain);
    writer.start();
  }

  /** Lines to the process's standard output. */
  public static AccessLog toStdout(Function<RequestRecord, String> format) {
    return new AccessLog(format, writer(System.out), false);
  }

  /**
   * Lines appended to {@code file} (created, with its directory, when absent; opened once).
   *
   * @throws UncheckedIOException naming the file when it cannot be opened
   */
  public static AccessLog toFile(Path file, Function<RequestRecord, String> format) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      // A stream, not a channel: an interrupt must not close the file.
      OutputStream os = new FileOutputStream(file.toFile(), true);
      return new AccessLog(format, writer(os), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the access log " + file + ": " + e, e);
    }
  }

  private static Writer writer(OutputStream os) {
    return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 64 * 1024);
  }

  @Override
  public void completed(RequestRecord request) {
    if (closed) {
      return;
    }
    String line = format.apply(request);
    try {
      queue.put(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Every {@link #PERIOD_MS} ms, writes what was queued and flushes. The writer never waits on the
   * queue itself, so a request queuing a line wakes no thread and a busy node flushes once per
   * period, not once per line.
   */
  private void drain() {
    List<String> batch = new ArrayList<>(BATCH);
    boolean failing = false;
    while (true) {
      boolean last = closed;
      while (queue.drainTo(batch, BATCH) > 0) {
        try {
          for (String line : batch) {
            out.write(line);
            out.write('\n');
          }
          failing = false;
        } catch (IOException e) {
          if (!failing) {
            LOG.warn("failed to write the access log", e);
          }
          failing = true;
        }
        batch.clear();
      }
      try {
        out.flush();
      } catch (IOException e) {
        if (!failing) {
          LOG.warn("failed to write the access log", e);
        }
        failing = true;
      }
      if (last) {
        return;
      }
      try {
        Thread.sleep(PERIOD_MS);
      } catch (InterruptedException e) {
        // close() wakes the writer to finish
      }
    }
  }

  /** Writes every line queued so far, then closes the file (not standard output). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.interrupt();
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (ownsOut) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      LOG.warn("failed to close the access log", e);
    }
  }
}
