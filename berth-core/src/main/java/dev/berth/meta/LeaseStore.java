package dev.berth.meta;

import java.time.Instant;

/**
 * Named leases shared by every process on the same database, so that background work (garbage
 * collection, lifecycle runs, upload expiry, the archive worker) runs once across a cluster. Each
 * change is one conditional statement, so two processes racing for a lease never both win.
 */
public interface LeaseStore {
  /** The lease as stored now ({@link LeaseState#FREE} when never taken). */
  LeaseState get(String name);

  /**
   * Takes the lease for {@code holder} until {@code until} if it is still exactly {@code expected}
   * (compare and set); returns whether it was taken.
   */
  boolean take(String name, LeaseState expected, String holder, Instant until);

  /** Extends the lease {@code holder} holds; false when another holder has taken it over. */
  boolean renew(String name, String holder, Instant until);

  /** Gives the lease up if {@code holder} still holds it. */
  void release(String name, String holder);
}
