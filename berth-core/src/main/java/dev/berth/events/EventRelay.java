package dev.berth.events;

import dev.berth.meta.DomainEvent;
import dev.berth.meta.EventStore;
import dev.berth.meta.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's events to this node's subscribers, each event once, in sequence order as
 * far as they became visible in it. It polls every {@link #INTERVAL} and at once after this node
 * commits an event.
 *
 * <p>On PostgreSQL a transaction that took sequence number 7 may commit after the one that took 8,
 * and a rolled-back one leaves 7 unused for good. So the relay keeps the highest number below which
 * it has seen everything (its cursor), remembers what it delivered above it, and reads from the
 * cursor again on every poll; a missing number is waited for {@link #GAP_WAIT} (far longer than any
 * transaction that appends an event runs) and then taken as rolled back.
 */
public final class EventRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

  /** How often the outbox is read for other nodes' events. */
  public static final Duration INTERVAL = Duration.ofMillis(250);

  /** How long a missing sequence number is waited for before it counts as rolled back. */
  public static final Duration GAP_WAIT = Duration.ofSeconds(30);

  /** How long events are kept in the outbox before housekeeping purges them. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private static final int BATCH = 500;

  private final EventStore store;
  private final Clock clock;
  private final List<Consumer<DomainEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final ReentrantLock polling = new ReentrantLock();

  /** Everything at or below this number has been delivered or given up on. */
  private long cursor;

  /** Numbers above the cursor already delivered. */
  private final NavigableSet<Long> delivered = new TreeSet<>();

  /** Missing numbers above the cursor and when each was first missed. */
  private final Map<Long, Instant> missing = new TreeMap<>();

  private volatile boolean closed;
  private @org.jspecify.annotations.Nullable Thread poller;

  /** A relay that starts after the events already in the outbox. */
  public EventRelay(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.cursor = store.last();
    store.onCommit(this::poll);
  }

  /** Hands every event from now on to {@code subscriber} (on the polling or committing thread). */
  public void subscribe(Consumer<DomainEvent> subscriber) {
    subscribers.add(subscriber);
  }

  /** Starts polling on a virtual thread. */
  public synchronized void start() {
    if (poller == null) {
      poller = Thread.ofVirtual().name("berth-event-relay").start(this::loop);
    }
  }

  private void loop() {
    while (!closed) {
      try {
        poll();
      } catch (RuntimeException e) {
        LOG.warn("failed to read the event outbox; retrying", e);
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads the outbox now and delivers what is new; returns how many events it delivered. */
  public int poll() {
    polling.lock();
    try {
      int handed = 0;
      long from = cursor;
      List<StoredEvent> batch;
      do {
        batch = store.after(from, BATCH);
        for (StoredEvent e : batch) {
          if (e.seq() > cursor && delivered.add(e.seq())) {
            missing.remove(e.seq());
            deliver(e.event());
            handed++;
          }
        }
        if (!batch.isEmpty()) {
          from = batch.get(batch.size() - 1).seq();
        }
      } while (batch.size() == BATCH);
      advance(from);
      return handed;
    } finally {
      polling.unlock();
    }
  }

  /** The number at or below which everything is delivered or given up on (for tests). */
  long cursor() {
    polling.lock();
    try {
      return cursor;
    } finally {
      polling.unlock();
    }
  }

  /** Moves the cursor over delivered numbers and over gaps waited for long enough. */
  private void advance(long highestSeen) {
    Instant now = clock.instant();
    for (long n = cursor + 1; n <= highestSeen; n++) {
      if (!delivered.contains(n)) {
        missing.putIfAbsent(n, now);
      }
    }
    while (true) {
      long next = cursor + 1;
      if (delivered.remove(next)) {
        cursor = next;
      } else if (missing.containsKey(next) && !missing.get(next).plus(GAP_WAIT).isAfter(now)) {
        missing.remove(next);
        cursor = next;
      } else {
        return;
      }
    }
  }

  private void deliver(DomainEvent event) {
    for (Consumer<DomainEvent> s : subscribers) {
      try {
        s.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("an event subscriber failed event={}", event, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (poller != null) {
      poller.interrupt();
    }
  }
}
