package dev.berth.observe;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read at most once per {@code ttl} (a scrape must not query the store for every gauge);
 * empty while the source fails, so that the gauges show NaN rather than a stale figure.
 */
final class Cached<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Cached.class);

  private final Supplier<T> source;
  private final long ttlNanos;
  private Optional<T> value = Optional.empty();
  private boolean loaded;
  private long readAt;

  Cached(Supplier<T> source, Duration ttl) {
    this.source = source;
    this.ttlNanos = ttl.toNanos();
  }

  /** A lock rather than {@code synchronized}: the source blocks on I/O, on a virtual thread. */
  private final ReentrantLock lock = new ReentrantLock();

  Optional<T> get() {
    lock.lock();
    try {
      long now = System.nanoTime();
      Optional<T> v = value;
      if (loaded && now - readAt < ttlNanos) {
        return v;
      }
      try {
        v = Optional.of(source.get());
      } catch (RuntimeException e) {
        LOG.debug("failed to read figures for gauges", e);
        v = Optional.empty();
      }
      value = v;
      loaded = true;
      readAt = now;
      return v;
    } finally {
      lock.unlock();
    }
  }
}
