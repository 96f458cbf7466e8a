package dev.berth.api.awsjson;

/** An AWS error: its {@code __type} (exception name) and HTTP status. */
public record AwsError(String type, int status) {
  public static AwsError client(String type) {
    return new AwsError(type, 400);
  }
}
