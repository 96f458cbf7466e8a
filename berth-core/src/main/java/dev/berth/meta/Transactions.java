package dev.berth.meta;

import java.util.function.Supplier;

/** Runs work atomically across every store of the same metadata backend. */
public interface Transactions {
  /** Runs {@code work} in one transaction; nested calls join the outer one. */
  <T> T inTransaction(Supplier<T> work);

  default void run(Runnable work) {
    inTransaction(
        () -> {
          work.run();
          return null;
        });
  }
}
