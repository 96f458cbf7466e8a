package dev.berth.meta;

import java.time.Instant;

/** A {@link DomainEvent} as the outbox holds it: its place in the log and when it was appended. */
public record StoredEvent(long seq, Instant at, DomainEvent event) {}
