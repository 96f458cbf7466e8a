package dev.berth.lease;

import dev.berth.meta.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of background work once across every process sharing the database: it runs only
 * while this process holds the work's lease, which a virtual thread renews every third of its time
 * to live until the work ends. Work whose lease another process holds is skipped, not queued: the
 * holder is doing it, and the next run of the schedule looks again.
 */
public final class LeasedWork {
  private static final Logger LOG = LoggerFactory.getLogger(LeasedWork.class);

  /** How long the lease of a scheduled task lasts without renewal. */
  public static final Duration TTL = Duration.ofMinutes(2);

  private final LeaseStore store;
  private final Clock clock;

  public LeasedWork(LeaseStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** As {@link #run(String, Duration, Runnable)} with the lease lasting {@link #TTL}. */
  public boolean run(String name, Runnable work) {
    return run(name, TTL, work);
  }

  /**
   * Runs {@code work} holding the lease {@code name}; returns false without running it when another
   * process holds the lease.
   */
  public boolean run(String name, Duration ttl, Runnable work) {
    Lease.Either got = Lease.acquire(store, name, ttl, clock);
    if (got.taken().isEmpty()) {
      LOG.debug(
          "background work skipped: held elsewhere lease={} holder={}",
          name,
          got.heldByOther().flatMap(l -> l.holder()).orElse("?"));
      return false;
    }
    Lease lease = got.taken().get();
    Thread renewer =
        Thread.ofVirtual().name("berth-lease-" + name).start(() -> keepRenewed(name, lease));
    try {
      work.run();
      return true;
    } finally {
      renewer.interrupt();
      try {
        renewer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        lease.release();
      } catch (RuntimeException e) {
        // It lapses by itself; another process may take it then.
        LOG.warn("failed to release a lease lease={} holder={}", name, lease.holder(), e);
      }
    }
  }

  private static void keepRenewed(String name, Lease lease) {
    long every = Math.max(1, lease.ttl().toMillis() / 3);
    while (true) {
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
      try {
        lease.renew();
      } catch (LostLeaseException e) {
        LOG.warn("background work outlived its lease lease={} holder={}", name, lease.holder());
        return;
      } catch (RuntimeException e) {
        LOG.warn("failed to renew a lease lease={} (retrying)", name, e);
      }
    }
  }
}
