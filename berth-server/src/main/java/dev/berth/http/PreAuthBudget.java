package dev.berth.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds the bytes held for request bodies whose signature is not yet verified, in total and per
 * client address (issue 9, item 6). A route reserves a body's size before reading it and refuses
 * the request, unread, when the reservation does not fit. Thread-safe.
 */
public final class PreAuthBudget {
  private final long total;
  private final long perAddress;
  private final Map<String, Long> held = new HashMap<>();
  private long heldTotal;

  /**
   * @param total bytes all unauthenticated bodies may hold together
   * @param perAddress bytes the bodies of one client address may hold together
   */
  public PreAuthBudget(long total, long perAddress) {
    if (total <= 0 || perAddress <= 0) {
      throw new IllegalArgumentException("budgets must be positive");
    }
    this.total = total;
    this.perAddress = perAddress;
  }

  /** A reservation; closing it gives the bytes back (idempotent). */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** Reserves {@code bytes} for a body from {@code address}; empty when either budget is spent. */
  public Optional<Permit> reserve(String address, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative reservation");
    }
    synchronized (this) {
      long mine = held.getOrDefault(address, 0L);
      if (heldTotal + bytes > total || mine + bytes > perAddress) {
        return Optional.empty();
      }
      heldTotal += bytes;
      held.put(address, mine + bytes);
    }
    return Optional.of(new Release(address, bytes));
  }

  /** Bytes reserved now, in total. */
  public synchronized long held() {
    return heldTotal;
  }

  private synchronized void release(String address, long bytes) {
    heldTotal -= bytes;
    long left = held.getOrDefault(address, 0L) - bytes;
    if (left <= 0) {
      held.remove(address);
    } else {
      held.put(address, left);
    }
  }

  private final class Release implements Permit {
    private final String address;
    private final long bytes;
    private boolean closed;

    Release(String address, long bytes) {
      this.address = address;
      this.bytes = bytes;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      release(address, bytes);
    }
  }
}
