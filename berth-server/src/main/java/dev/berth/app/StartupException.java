package dev.berth.app;

/**
 * A node cannot start for a reason the operator can fix (a port in use, a data directory that is a
 * file or not writable); the message names the cause in one line, and nothing was written.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupException(String message) {
    super(message);
  }

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
