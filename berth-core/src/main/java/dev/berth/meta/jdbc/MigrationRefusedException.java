package dev.berth.meta.jdbc;

/**
 * {@code berth migrate} will not run: the source or the target is not in a state it can copy from
 * or into. The message says why and what to do; nothing has been written.
 */
public final class MigrationRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MigrationRefusedException(String message) {
    super(message);
  }
}
