package dev.berth.api.awsjson;

/** An error that exists only at the AWS protocol level (routing, parsing, validation). */
final class AwsFault extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final int status;

  AwsFault(String type, int status, String message) {
    super(message);
    this.type = type;
    this.status = status;
  }

  /** The message given at construction; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  AwsError error() {
    return new AwsError(type, status);
  }
}
