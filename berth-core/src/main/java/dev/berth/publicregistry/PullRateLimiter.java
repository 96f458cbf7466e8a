package dev.berth.publicregistry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets of pulls per client: each key (a client address, or a principal) may pull {@code
 * burst} images at once and then {@code rate} per second, as ECR Public's pull quotas work. A node
 * keeps its own buckets; behind a load balancer each node enforces the rate for what it serves.
 */
public final class PullRateLimiter {
  /** Buckets kept before idle ones are dropped (a full bucket is the same as none). */
  private static final int MAX_BUCKETS = 100_000;

  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** A bucket: tokens left as of a time. */
  private record Bucket(double tokens, long at) {}

  public PullRateLimiter(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** A limiter on the system's monotonic clock. */
  public static PullRateLimiter system() {
    return new PullRateLimiter(System::nanoTime);
  }

  /**
   * Takes one pull from {@code key}'s bucket: empty when the pull may go ahead, else how long until
   * the bucket holds one again (the {@code Retry-After}).
   */
  public Optional<Duration> admit(String key, double rate, int burst) {
    long now = nanos.getAsLong();
    if (buckets.size() > MAX_BUCKETS) {
      buckets.entrySet().removeIf(e -> refill(e.getValue(), now, rate, burst) >= burst);
    }
    Duration[] wait = {Duration.ZERO};
    buckets.compute(
        key,
        (k, b) -> {
          double tokens = b == null ? burst : refill(b, now, rate, burst);
          if (tokens >= 1) {
            return new Bucket(tokens - 1, now);
          }
          wait[0] = Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9));
          return new Bucket(tokens, now);
        });
    return wait[0].isZero() ? Optional.empty() : Optional.of(wait[0]);
  }

  private static double refill(Bucket b, long now, double rate, int burst) {
    return Math.min(burst, b.tokens() + (now - b.at()) / 1e9 * rate);
  }
}
