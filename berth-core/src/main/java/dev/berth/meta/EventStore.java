package dev.berth.meta;

import java.time.Instant;
import java.util.List;

/**
 * The outbox: domain events in the order of a growing sequence number, shared by every node on the
 * same database. An event appended inside a transaction commits or rolls back with it. On a
 * database with concurrent writers a later number may become visible before an earlier one, so
 * readers must allow for gaps that fill in (see {@code dev.berth.events.EventRelay}).
 */
public interface EventStore {
  /** Appends {@code event}, joining the current transaction if there is one. */
  void append(DomainEvent event, Instant at);

  /** Up to {@code limit} committed events with a sequence number above {@code seq}, in order. */
  List<StoredEvent> after(long seq, int limit);

  /** The highest sequence number appended so far, or 0. */
  long last();

  /** Removes events appended before {@code cutoff}; returns how many. */
  int purgeBefore(Instant cutoff);

  /**
   * Runs {@code listener} on the appending thread after each transaction that appended an event
   * commits (at once for an append outside a transaction), so this process hears of its own events
   * without waiting for the next poll.
   */
  void onCommit(Runnable listener);

  /**
   * Runs {@code handler} for each appended event inside the appending transaction (one of its own
   * for an append outside a transaction), so what it writes commits or rolls back with the change
   * the event records: the way durable work follows a change (replication queues a pushed image).
   * It must do database work only.
   */
  void duringAppend(java.util.function.Consumer<DomainEvent> handler);
}
