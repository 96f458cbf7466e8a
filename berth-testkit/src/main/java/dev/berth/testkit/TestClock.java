package dev.berth.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move forward: it ticks with the system clock, shifted by an offset that {@link
 * #advance} grows, so expiry and age rules are tested without waiting (issue 9, item 24). Ticking
 * keeps real signers (the AWS SDK, the aws CLI) within the allowed skew until a test moves the
 * clock.
 */
public final class TestClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset;

  private TestClock(Clock base, AtomicReference<Duration> offset) {
    this.base = base;
    this.offset = offset;
  }

  /** The system clock in UTC, not yet shifted. */
  public static TestClock system() {
    return new TestClock(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
  }

  /** Moves this clock (and every clock {@link #withZone derived} from it) forward. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward: " + by);
    }
    offset.accumulateAndGet(by, Duration::plus);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(base.withZone(zone), offset);
  }
}
