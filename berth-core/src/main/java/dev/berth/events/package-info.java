/**
 * Domain events after commit: every node's {@link dev.berth.events.EventRelay} reads the outbox
 * ({@code meta.EventStore}, the {@code events} table that services append to in the transactions
 * that make their changes) and hands each event to this node's subscribers, which drop what they
 * cached of the thing that changed. A node hears its own events at once, on the committing thread;
 * another node's within the relay's poll interval.
 *
 * <p>Depends on {@code meta} and {@code model}; no API or server types.
 */
@NullMarked
package dev.berth.events;

import org.jspecify.annotations.NullMarked;
