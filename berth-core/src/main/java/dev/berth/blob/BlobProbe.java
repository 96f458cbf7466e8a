package dev.berth.blob;

/** Answers whether the store can be reached at all (a readiness check, not a consistency check). */
public interface BlobProbe {
  /**
   * Returns when the store could read and write right now (its directories exist, list and accept a
   * file; its bucket answers); throws {@link java.io.UncheckedIOException} naming what failed
   * otherwise. Cheap enough to run every few seconds; leaves nothing behind.
   */
  void probe();
}
