package dev.berth.publicregistry;

import dev.berth.meta.PublicRegistryStore;
import dev.berth.model.Repository;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts manifest pulls of public repositories in memory and adds them to the store in batches
 * ({@link #flush}, run periodically and at shutdown), so a pull costs no database write.
 */
public final class PullCounter {
  private final PublicRegistryStore store;
  private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();

  public PullCounter(PublicRegistryStore store) {
    this.store = store;
  }

  /** Counts one pull of the repository. */
  public void pulled(Repository repo) {
    pending.computeIfAbsent(repo.id(), k -> new LongAdder()).increment();
  }

  /** The repository's pulls counted here and not yet added to the store. */
  public long pending(Repository repo) {
    LongAdder adder = pending.get(repo.id());
    return adder == null ? 0 : adder.sum();
  }

  /** Adds the pulls counted since the last flush to the store. */
  public void flush() {
    pending.forEach(
        (id, adder) -> {
          long n = adder.sumThenReset();
          if (n > 0) {
            store.addPulls(id, n);
          }
        });
  }
}
