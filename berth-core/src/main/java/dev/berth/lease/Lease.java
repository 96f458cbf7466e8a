package dev.berth.lease;

import dev.berth.meta.LeaseState;
import dev.berth.meta.LeaseStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One named lease held by this process: background work that must run once across every process
 * sharing the database (the nodes of a cluster, and {@code berth gc} beside a node). A lease lapses
 * its time to live after its last renewal, so the work of a node that died is taken over by another
 * one then; a lease whose holder was a process on this host that no longer runs (killed, say) is
 * taken over at once. The holder id names host, process id and process start, so that check needs
 * nothing but the id.
 */
public final class Lease {
  private static final String HOST = hostName();

  private final LeaseStore store;
  private final String name;
  private final Duration ttl;
  private final Clock clock;
  private final String holder;
  private Instant renewed;

  private Lease(
      LeaseStore store, String name, Duration ttl, Clock clock, String holder, Instant renewed) {
    this.store = store;
    this.name = name;
    this.ttl = ttl;
    this.clock = clock;
    this.holder = holder;
    this.renewed = renewed;
  }

  /** Takes the lease {@code name} for {@code ttl}, or says who holds it. */
  public static Either acquire(LeaseStore store, String name, Duration ttl, Clock clock) {
    String holder = newHolder();
    for (int attempt = 0; attempt < 5; attempt++) {
      LeaseState current = store.get(name);
      Instant now = clock.instant();
      if (live(current, now)) {
        return new Either(Optional.empty(), Optional.of(current));
      }
      if (store.take(name, current, holder, now.plus(ttl))) {
        return new Either(
            Optional.of(new Lease(store, name, ttl, clock, holder, now)), Optional.empty());
      }
      // Changed between read and compare-and-set: another process got in first, or released.
    }
    return new Either(Optional.empty(), Optional.of(store.get(name)));
  }

  /**
   * Whether the lease is held now: taken, not lapsed, and not by a process of this host that has
   * stopped.
   */
  public static boolean live(LeaseState state, Instant now) {
    return state.holder().isPresent()
        && !state.until().isBefore(now)
        && !deadHere(state.holder().get());
  }

  /** The outcome of {@link #acquire}: the lease, or the lease another holder has. */
  public record Either(Optional<Lease> taken, Optional<LeaseState> heldByOther) {}

  public String holder() {
    return holder;
  }

  public Duration ttl() {
    return ttl;
  }

  /**
   * Renews once a tenth of the time to live has passed since the last renewal; throws {@link
   * LostLeaseException} when another process has taken the lease over.
   */
  public void renewIfDue() {
    if (Duration.between(renewed, clock.instant()).compareTo(ttl.dividedBy(10)) >= 0) {
      renew();
    }
  }

  /** Renews now; throws {@link LostLeaseException} when another process has taken it over. */
  public void renew() {
    Instant now = clock.instant();
    if (!store.renew(name, holder, now.plus(ttl))) {
      throw new LostLeaseException(name, holder);
    }
    renewed = now;
  }

  public void release() {
    store.release(name, holder);
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
  public static boolean deadHere(String holder) {
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
  public static String hostForTests() {
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
