package dev.berth.e2e;

import java.util.function.IntSupplier;

/** Waiting for another node to see a change, and measuring how long that took. */
final class Polling {
  private Polling() {}

  /** Milliseconds until {@code status} answers {@code expected}, polling every 50 ms for 20 s. */
  static long millisUntil(IntSupplier status, int expected) throws InterruptedException {
    long start = System.nanoTime();
    while (status.getAsInt() != expected) {
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (elapsed > 20_000) {
        throw new AssertionError("still not " + expected + " after " + elapsed + " ms");
      }
      Thread.sleep(50);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
