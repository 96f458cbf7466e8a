package dev.berth.cli.credentials;

/**
 * A failure the helper reports the way the credential-helper protocol expects: its message alone on
 * standard output, exit status 1. Details, if any, go to standard error.
 */
final class HelperException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The protocol's message for a server the helper has no credentials for. */
  static final String NOT_FOUND = "credentials not found in native keychain";

  /** The protocol's message when no server URL was given. */
  static final String NO_SERVER_URL = "no credentials server URL";

  /** What amazon-ecr-credential-helper answers to {@code store} and {@code erase}. */
  static final String NOT_IMPLEMENTED = "not implemented";

  HelperException(String message) {
    super(message);
  }

  HelperException(String message, Throwable cause) {
    super(message, cause);
  }

  static HelperException notFound(Throwable cause) {
    return new HelperException(NOT_FOUND, cause);
  }
}
