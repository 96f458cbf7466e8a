/**
 * Named leases: background work that runs once across every process sharing one database. A
 * cluster's nodes all schedule garbage collection, lifecycle runs, upload expiry and the archive
 * worker; each run first takes its lease ({@link dev.berth.lease.Lease}, a compare-and-set on the
 * {@code leases} table), so only one node does it, and a node that dies gives the work up when its
 * lease lapses.
 *
 * <p>Depends on {@code meta}; no API or server types.
 */
@NullMarked
package dev.berth.lease;

import org.jspecify.annotations.NullMarked;
