package dev.berth.meta;

import java.time.Instant;
import java.util.Optional;

/**
 * The garbage collector's lease as stored: who holds it, and when it lapses unless renewed.
 *
 * @param holder the collector holding it; empty when none does
 * @param until when an unrenewed lease lapses (the epoch when never taken)
 */
public record GcLease(Optional<String> holder, Instant until) {}
