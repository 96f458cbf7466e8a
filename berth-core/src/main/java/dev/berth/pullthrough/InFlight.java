package dev.berth.pullthrough;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Runs one piece of work per key at a time on this node; a second caller waits for the first. */
final class InFlight {
  private final ConcurrentMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  /** Runs {@code work}, or waits for the run already under way (whose failure is not rethrown). */
  void run(String key, Runnable work) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> other = running.putIfAbsent(key, mine);
    if (other != null) {
      other.exceptionally(e -> null).join();
      return;
    }
    try {
      work.run();
      mine.complete(null);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }
}
