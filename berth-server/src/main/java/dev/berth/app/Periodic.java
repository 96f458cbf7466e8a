package dev.berth.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One background task on a daemon thread of its own, run every interval after the previous run ends
 * (never two at once), the first one interval after start. The task logs its own failures; close
 * interrupts a run in progress and waits for it to stop.
 */
final class Periodic implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

  private final String name;
  private final Duration interval;
  private final Runnable task;
  private final ScheduledExecutorService scheduler;

  Periodic(String name, Duration interval, Runnable task) {
    this.name = name;
    this.interval = interval;
    this.task = task;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    long ms = interval.toMillis();
    // The task logs its failures, so the schedule's future carries nothing to check.
    var unused = scheduler.scheduleWithFixedDelay(task, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("background task did not stop within 30 s of shutdown task={}", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
