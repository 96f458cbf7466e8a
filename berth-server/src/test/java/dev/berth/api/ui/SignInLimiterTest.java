package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ui.SignInLimiter.Limit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 9, item 8: sign-in attempts are rate-limited per address and per key, refilling. */
class SignInLimiterTest {
  /** A clock the test moves. */
  private static final class Hands extends Clock {
    Instant now = Instant.parse("2026-01-02T03:04:05Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Hands clock = new Hands();
  private final SignInLimiter limiter =
      new SignInLimiter(
          clock, new Limit(3, Duration.ofSeconds(10)), new Limit(2, Duration.ofSeconds(30)));

  @Test
  void anAddress_getsItsBurst_thenWaitsForTheRefill() {
    assertThat(limiter.acquire("10.0.0.1", "AKIA1")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1", "AKIA2")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1", "AKIA3")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1", "AKIA4")).contains(Duration.ofSeconds(10));
    clock.now = clock.now.plusSeconds(4);
    assertThat(limiter.acquire("10.0.0.1", "AKIA4")).contains(Duration.ofSeconds(6));
    clock.now = clock.now.plusSeconds(6);
    assertThat(limiter.acquire("10.0.0.1", "AKIA4")).isEmpty();
    assertThat(limiter.acquire("10.0.0.1", "AKIA5")).isPresent();
    assertThat(limiter.acquire("10.0.0.2", "AKIA5")).as("another address").isEmpty();
  }

  @Test
  void aKey_isLimitedWhateverTheAddress() {
    assertThat(limiter.acquire("10.0.0.1", "AKIAROOT")).isEmpty();
    assertThat(limiter.acquire("10.0.0.2", "AKIAROOT")).isEmpty();
    assertThat(limiter.acquire("10.0.0.3", "AKIAROOT")).contains(Duration.ofSeconds(30));
    clock.now = clock.now.plusSeconds(30);
    assertThat(limiter.acquire("10.0.0.3", "AKIAROOT")).isEmpty();
  }

  @Test
  void aRefusedAttempt_costsNothing() {
    limiter.acquire("10.0.0.1", "AKIA1");
    limiter.acquire("10.0.0.1", "AKIA1");
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.acquire("10.0.0.1", "AKIA1")).isPresent();
    }
    assertThat(limiter.acquire("10.0.0.1", "AKIA2"))
        .as("the address kept its third token")
        .isEmpty();
  }

  @Test
  void buckets_neverHoldMoreThanTheirCapacity() {
    clock.now = clock.now.plus(Duration.ofDays(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("10.0.0.1", "AKIA" + i)).isEmpty();
    }
    assertThat(limiter.acquire("10.0.0.1", "AKIAX")).isEqualTo(Optional.of(Duration.ofSeconds(10)));
  }

  @Test
  void theTables_forgetTheLeastRecentlyUsed() {
    SignInLimiter tight =
        new SignInLimiter(
            clock, new Limit(1, Duration.ofHours(1)), new Limit(1000, Duration.ofSeconds(1)));
    assertThat(tight.acquire("10.0.0.1", "AKIA1")).isEmpty();
    assertThat(tight.acquire("10.0.0.1", "AKIA1")).isPresent();
    for (int i = 0; i < SignInLimiter.MAX_TRACKED; i++) {
      tight.acquire("10.1." + (i / 256) + "." + (i % 256), "");
    }
    assertThat(tight.acquire("10.0.0.1", "AKIA1")).as("forgotten, so full again").isEmpty();
  }
}
