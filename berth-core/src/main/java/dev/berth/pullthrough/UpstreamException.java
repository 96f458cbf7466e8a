package dev.berth.pullthrough;

/** The upstream registry could not be reached or answered with a failure. */
final class UpstreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UpstreamException(String message) {
    super(message);
  }

  UpstreamException(String message, Throwable cause) {
    super(message, cause);
  }
}
