package dev.berth.error;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A domain failure with its {@link ErrorKind}, a human message and an optional detail. */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient Optional<Object> detail;

  public RegistryException(ErrorKind kind, String message) {
    this(kind, message, Optional.empty(), null);
  }

  public RegistryException(ErrorKind kind, String message, Object detail) {
    this(kind, message, Optional.of(detail), null);
  }

  public RegistryException(ErrorKind kind, String message, Throwable cause) {
    this(kind, message, Optional.empty(), cause);
  }

  private RegistryException(
      ErrorKind kind, String message, Optional<Object> detail, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.detail = detail;
  }

  /** The message given at construction; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  public ErrorKind kind() {
    return kind;
  }

  /** Structured detail for the client, if any (serialised by the API that answers). */
  public Optional<Object> detail() {
    return detail;
  }
}
