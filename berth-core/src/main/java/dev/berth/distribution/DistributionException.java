package dev.berth.distribution;

import java.util.Optional;

/**
 * A registry could not be reached or answered with a failure: its HTTP status (0 when none came)
 * and the first code of its OCI error envelope, if it sent one.
 */
public final class DistributionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public DistributionException(String message) {
    this(message, 0, "");
  }

  public DistributionException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.code = "";
  }

  DistributionException(String message, int status, String code) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status the registry answered with; 0 when it could not be reached. */
  public int status() {
    return status;
  }

  /** The OCI error code of the registry's answer ({@code DENIED}, {@code TAG_INVALID}, ...). */
  public Optional<String> code() {
    return code.isEmpty() ? Optional.empty() : Optional.of(code);
  }
}
