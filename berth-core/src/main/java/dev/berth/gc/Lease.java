package dev.berth.gc;

import dev.berth.meta.GcLease;
import dev.berth.meta.GcStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The collector lease: one collector at a time across every process sharing the database (a node's
 * schedule and {@code berth gc} on the same data directory). A lease lapses {@link #TTL} after its
 * last renewal; a lease whose holder was a process on this host that no longer runs (killed, say)
 * is taken over at once. The holder id names host, process id and process start, so that check
 * needs nothing but the id.
 */
final class Lease {
  /** How long a lease lasts without renewal. */
  static final Duration TTL = Duration.ofMinutes(10);

  /** Renewed when this much of it is used up, between batches. */
  private static final Duration RENEW_AFTER = Duration.ofMinutes(1);

  private static final String HOST = hostName();

  private final GcStore store;
  private final Clock clock;
  private final String holder;
  private Instant renewed;

  private Lease(GcStore store, Clock clock, String holder, Instant renewed) {
    this.store = store;
    this.clock = clock;
    this.holder = holder;
    this.renewed = renewed;
  }

  /** Takes the lease, or says who holds it. */
  static Either acquire(GcStore store, Clock clock) {
    String holder = newHolder();
    for (int attempt = 0; attempt < 5; attempt++) {
      GcLease current = store.lease();
      Instant now = clock.instant();
      Optional<String> other = current.holder();
      if (other.isPresent() && !current.until().isBefore(now) && !deadHere(other.get())) {
        return new Either(Optional.empty(), Optional.of(current));
      }
      if (store.takeLease(current, holder, now.plus(TTL))) {
        return new Either(Optional.of(new Lease(store, clock, holder, now)), Optional.empty());
      }
      // Changed between read and compare-and-set: another collector got in first, or released.
    }
    GcLease current = store.lease();
    return new Either(Optional.empty(), Optional.of(current));
  }

  /** The outcome of {@link #acquire}: the lease, or the lease another holder has. */
  record Either(Optional<Lease> taken, Optional<GcLease> heldByOther) {}

  String holder() {
    return holder;
  }

  /** Renews when due; throws when another collector has taken the lease over. */
  void renewIfDue() {
    Instant now = clock.instant();
    if (Duration.between(renewed, now).compareTo(RENEW_AFTER) < 0) {
      return;
    }
    if (!store.renewLease(holder, now.plus(TTL))) {
      throw new IllegalStateException("lost the collector lease to another collector");
    }
    renewed = now;
  }

  void release() {
    store.releaseLease(holder);
  }

  private static String newHolder() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return HOST
        + "/"
        + self.pid()
        + "/"
        + started
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Whether the holder id names a process on this host that is no longer running. */
  static boolean deadHere(String holder) {
    String[] parts = holder.split("/", -1);
    if (parts.length != 4 || !parts[0].equals(HOST)) {
      return false;
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(parts[1]);
      started = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return true;
    }
    // The process id was reused when the process running under it started at another time.
    return started != 0
        && p.get().info().startInstant().map(Instant::toEpochMilli).orElse(started) != started;
  }

  /** This host's name as holder ids give it (tests). */
  static String hostForTests() {
    return HOST;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replace('/', '_');
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
