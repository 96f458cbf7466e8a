package dev.berth.api.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token buckets for sign-in attempts, one per client address and one per access key id (issue 9,
 * item 8): an attempt takes a token from both, a bucket refills one token per {@code refillEvery}
 * up to its capacity, and an attempt that finds either empty is refused without being checked or
 * charged. Each table keeps at most {@link #MAX_TRACKED} buckets, forgetting the least recently
 * used, so the limiter's own memory is bounded too.
 */
final class SignInLimiter {
  /** A bucket's size and how often it gains one token. */
  record Limit(int capacity, Duration refillEvery) {}

  /** Per client address: bursts of 20, then one attempt every 3 seconds. */
  static final Limit PER_ADDRESS = new Limit(20, Duration.ofSeconds(3));

  /** Per access key id: bursts of 10, then one attempt every 6 seconds. */
  static final Limit PER_KEY = new Limit(10, Duration.ofSeconds(6));

  static final int MAX_TRACKED = 10_000;

  /** Key ids longer than this are never valid and share one bucket. */
  private static final int MAX_KEY_ID = 128;

  private final Clock clock;
  private final Buckets addresses;
  private final Buckets keys;

  SignInLimiter(Clock clock) {
    this(clock, PER_ADDRESS, PER_KEY);
  }

  SignInLimiter(Clock clock, Limit perAddress, Limit perKey) {
    this.clock = clock;
    this.addresses = new Buckets(perAddress);
    this.keys = new Buckets(perKey);
  }

  /**
   * Takes a token for an attempt from {@code address} naming {@code keyId}: empty when it may go
   * ahead, else how long until it may.
   */
  synchronized Optional<Duration> acquire(String address, String keyId) {
    Instant now = clock.instant();
    String key = keyId.length() > MAX_KEY_ID ? "" : keyId;
    Bucket a = addresses.get(address, now);
    Bucket k = keys.get(key, now);
    Duration wait = max(a.waitFor(), k.waitFor());
    if (!wait.isZero()) {
      return Optional.of(wait);
    }
    a.take();
    k.take();
    return Optional.empty();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** One table of buckets, least recently used first. */
  private static final class Buckets {
    private final Limit limit;
    private final Map<String, Bucket> table =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_TRACKED;
          }
        };

    Buckets(Limit limit) {
      this.limit = limit;
    }

    Bucket get(String key, Instant now) {
      Bucket b = table.computeIfAbsent(key, k -> new Bucket(limit, now));
      b.refill(now);
      return b;
    }
  }

  /** A bucket's tokens as of {@code last}. */
  private static final class Bucket {
    private final Limit limit;
    private double tokens;
    private Instant last;

    Bucket(Limit limit, Instant now) {
      this.limit = limit;
      this.tokens = limit.capacity();
      this.last = now;
    }

    void refill(Instant now) {
      if (now.isAfter(last)) {
        double gained =
            (double) Duration.between(last, now).toNanos() / limit.refillEvery().toNanos();
        tokens = Math.min(limit.capacity(), tokens + gained);
        last = now;
      }
    }

    Duration waitFor() {
      if (tokens >= 1) {
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) * limit.refillEvery().toNanos()));
    }

    void take() {
      tokens -= 1;
    }
  }
}
