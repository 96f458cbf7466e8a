package dev.berth.api.awsjson;

/** A failed in-process call: the AWS error (exception name and status) and its message. */
public final class AwsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final int status;

  AwsCallException(AwsError error, String message, Throwable cause) {
    super(message, cause);
    this.type = error.type();
    this.status = error.status();
  }

  /** The message given at construction; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  /** The exception name, e.g. {@code RepositoryNotEmptyException}. */
  public String type() {
    return type;
  }

  /** The HTTP status the wire would have answered. */
  public int status() {
    return status;
  }
}
