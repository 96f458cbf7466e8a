package dev.berth.lease;

/** Another process took over a lease this one held (it lapsed while this one was busy). */
public final class LostLeaseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  LostLeaseException(String name, String holder) {
    super("lost the " + name + " lease to another process holder=" + holder);
  }
}
