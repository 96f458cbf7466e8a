package dev.berth.meta;

import java.time.Instant;
import java.util.Optional;

/**
 * One named lease as stored: who holds it, and when it lapses unless renewed.
 *
 * @param holder the process holding it; empty when none does
 * @param until when an unrenewed lease lapses (the epoch when never taken)
 */
public record LeaseState(Optional<String> holder, Instant until) {
  /** A lease nobody has taken. */
  public static final LeaseState FREE = new LeaseState(Optional.empty(), Instant.EPOCH);
}
