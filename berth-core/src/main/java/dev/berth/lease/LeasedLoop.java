package dev.berth.lease;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread that runs {@code work} holding the lease {@code name} (so on one node of a
 * cluster at a time): at start, whenever {@link #wake} is called, and at least every {@code poll}
 * (work queued by another node, or coming due). A failure is logged and the loop goes on. {@link
 * #close} lets a running pass finish (interrupting it only if it takes long).
 */
public final class LeasedLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeasedLoop.class);

  private final String name;
  private final LeasedWork leased;
  private final Runnable work;
  private final Duration poll;
  private final Thread thread;
  private final Object signal = new Object();
  private boolean pending = true;
  private volatile boolean closed;

  public LeasedLoop(String name, LeasedWork leased, Runnable work, Duration poll) {
    this.name = name;
    this.leased = leased;
    this.work = work;
    this.poll = poll;
    this.thread = Thread.ofPlatform().name("berth-" + name).daemon().unstarted(this::loop);
  }

  public void start() {
    thread.start();
  }

  /** Asks for a pass soon. */
  public void wake() {
    synchronized (signal) {
      pending = true;
      signal.notifyAll();
    }
  }

  /** Whether {@link #close} was called: long work checks it to stop between steps. */
  public boolean closed() {
    return closed;
  }

  private void loop() {
    while (!closed) {
      try {
        leased.run(name, work);
      } catch (RuntimeException e) {
        LOG.warn("background work failed lease={}", name, e);
      }
      try {
        synchronized (signal) {
          long deadline = System.nanoTime() + poll.toNanos();
          while (!pending && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            signal.wait(Math.max(1, left / 1_000_000));
          }
          pending = false;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
