package dev.berth.api.iam;

import dev.berth.error.RegistryException;

/** Domain errors to query-protocol error codes and statuses (IAM and STS spellings). */
final class QueryErrors {
  private QueryErrors() {}

  /** An error's code, status and whether the sender is at fault. */
  record Code(String code, int status) {
    String type() {
      return status >= 500 ? "Receiver" : "Sender";
    }
  }

  static Code of(RegistryException e) {
    return switch (e.kind()) {
      case NO_SUCH_ENTITY -> new Code("NoSuchEntity", 404);
      case ENTITY_ALREADY_EXISTS -> new Code("EntityAlreadyExists", 409);
      case DELETE_CONFLICT, IN_PROGRESS, INVALID_STATE -> new Code("DeleteConflict", 409);
      case MALFORMED_POLICY -> new Code("MalformedPolicyDocument", 400);
      case LIMIT_EXCEEDED -> new Code("LimitExceeded", 409);
      case DENIED, UNAUTHORIZED -> new Code("AccessDenied", 403);
      case AUTH_MISSING -> new Code("MissingAuthenticationToken", 403);
      case AUTH_INCOMPLETE -> new Code("IncompleteSignature", 400);
      case AUTH_UNKNOWN_KEY -> new Code("InvalidClientTokenId", 403);
      case AUTH_BAD_SIGNATURE -> new Code("SignatureDoesNotMatch", 403);
      case AUTH_EXPIRED -> new Code("ExpiredToken", 400);
      case NOT_FOUND, UNSUPPORTED -> new Code("InvalidAction", 400);
      case INSUFFICIENT_STORAGE, INTERNAL -> new Code("ServiceFailure", 500);
      default -> new Code("InvalidInput", 400);
    };
  }
}
