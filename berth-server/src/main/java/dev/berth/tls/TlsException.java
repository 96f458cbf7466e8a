package dev.berth.tls;

/**
 * Key material cannot be used: a PEM file that cannot be read or parsed, a key that does not match
 * its certificate, a CA file missing its key. The message is one line naming the file.
 */
public final class TlsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TlsException(String message) {
    super(message);
  }

  TlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
