package dev.berth.pullthrough;

import dev.berth.distribution.DistributionException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache's background work (image imports, blob downloads), one virtual thread per task,
 * interrupted when the cache closes so none outlives the stores it writes to.
 */
final class Background {
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Starts the task; {@link DistributionException} once closed. */
  void start(String name, Runnable task) {
    if (closed) {
      throw new DistributionException("the pull-through cache is shutting down");
    }
    Thread t =
        Thread.ofVirtual()
            .name(name)
            .unstarted(
                () -> {
                  try {
                    task.run();
                  } finally {
                    running.remove(Thread.currentThread());
                  }
                });
    running.add(t);
    t.start();
  }

  /** Whether the cache is closing (failures then are expected, not worth a warning). */
  boolean closed() {
    return closed;
  }

  /** Interrupts every task and waits up to {@code wait} for them to end. */
  void close(Duration wait) {
    closed = true;
    List<Thread> threads = List.copyOf(running);
    threads.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (Thread t : threads) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !t.join(Duration.ofNanos(left))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
