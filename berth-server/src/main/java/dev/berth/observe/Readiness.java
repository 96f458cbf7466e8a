package dev.berth.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the node can serve: every check must pass within its time limit. A check that hangs (a
 * database waiting on a lock) counts as failed once the limit passes, so a probe always answers.
 */
public final class Readiness {
  /** A named check: returns when the dependency answers, throws otherwise. */
  public record Check(String name, Runnable probe) {}

  /**
   * The outcome of every check.
   *
   * @param failures each failed check's name and why it failed; empty when ready
   */
  public record Result(List<String> passed, Map<String, String> failures) {
    public boolean ready() {
      return failures.isEmpty();
    }
  }

  private final List<Check> checks;
  private final Duration limit;

  public Readiness(List<Check> checks, Duration limit) {
    this.checks = List.copyOf(checks);
    this.limit = limit;
  }

  /** Runs the checks, each on its own virtual thread, all at once. */
  public Result check() {
    List<String> passed = new java.util.ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    // Not closed with try-with-resources: close() would wait for a check that hangs.
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Map<Check, Future<?>> running = new LinkedHashMap<>();
      for (Check c : checks) {
        running.put(c, pool.submit(c.probe()));
      }
      long deadline = System.nanoTime() + limit.toNanos();
      for (Map.Entry<Check, Future<?>> e : running.entrySet()) {
        String name = e.getKey().name();
        try {
          e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          passed.add(name);
        } catch (TimeoutException t) {
          e.getValue().cancel(true);
          failures.put(name, "no answer within " + limit.toMillis() + " ms");
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause() == null ? failed : failed.getCause();
          failures.put(name, String.valueOf(cause.getMessage()));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          failures.put(name, "interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(List.copyOf(passed), java.util.Collections.unmodifiableMap(failures));
  }
}
