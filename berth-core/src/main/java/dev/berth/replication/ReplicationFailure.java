package dev.berth.replication;

/** A replication that cannot succeed by trying again: it fails at once with {@link #code}. */
final class ReplicationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The destination's registry policy does not let the source account replicate there. */
  static final String PERMISSION_DENIED = "PERMISSION_DENIED";

  /** The destination has the tag on another image and its tags are immutable. */
  static final String TAG_IMMUTABLE = "IMAGE_TAG_ALREADY_EXISTS";

  /** The image (or the source repository) was deleted before it was copied. */
  static final String IMAGE_NOT_FOUND = "IMAGE_NOT_FOUND";

  /** The destination region is no longer one the deployment serves. */
  static final String REGION_NOT_SERVED = "REGION_NOT_SERVED";

  /** Every retry failed. */
  static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";

  private final String code;

  static ReplicationFailure denied(String why) {
    return new ReplicationFailure(PERMISSION_DENIED, why);
  }

  /** A child manifest of an index is missing at the source. */
  static ReplicationFailure gone(dev.berth.model.Descriptor child) {
    return new ReplicationFailure(
        IMAGE_NOT_FOUND, "the child manifest " + child.digest() + " is missing at the source");
  }

  ReplicationFailure(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
