package dev.berth.http;

import dev.berth.authz.AccessDenied;
import dev.berth.authz.Decision;
import dev.berth.error.RegistryException;
import java.util.Optional;

/**
 * Which check refused a failed request, for the access log (issue 11): {@code signature}, {@code
 * authentication}, {@code authorization} (with the kind of policy that denied, when the policies
 * did), {@code limits} or {@code validation}; empty for failures that are not refusals (a missing
 * repository, a conflict, an internal error).
 */
final class Refusals {
  static final String SIGNATURE = "signature";
  static final String AUTHENTICATION = "authentication";
  static final String AUTHORIZATION = "authorization";
  static final String LIMITS = "limits";
  static final String VALIDATION = "validation";

  private Refusals() {}

  /** A check and its detail. */
  record Refusal(String check, String detail) {}

  /** Domain errors by kind; protocol-level faults by the status they were answered with. */
  static Optional<Refusal> of(Throwable failure, int status) {
    if (failure instanceof AccessDenied denied) {
      return Optional.of(new Refusal(AUTHORIZATION, denial(denied.decision())));
    }
    if (failure instanceof RegistryException e) {
      return check(e).map(c -> new Refusal(c, e.getMessage()));
    }
    String check =
        switch (status) {
          case 400 -> VALIDATION;
          case 401 -> AUTHENTICATION;
          case 403 -> AUTHORIZATION;
          case 413, 429 -> LIMITS;
          default -> "";
        };
    return check.isEmpty()
        ? Optional.empty()
        : Optional.of(new Refusal(check, String.valueOf(failure.getMessage())));
  }

  /**
   * {@code explicit deny: with an explicit deny in an identity-based policy [ReadOnly#NoPush]} or
   * {@code implicit deny: because no resource-based policy allows the ecr:PutImage action}.
   */
  static String denial(Decision d) {
    String effect = d.effect() == Decision.Effect.EXPLICIT_DENY ? "explicit deny" : "implicit deny";
    return effect
        + (d.reason().isEmpty() ? "" : ": " + d.reason())
        + (d.deciding().isEmpty() ? "" : " " + d.deciding());
  }

  private static Optional<String> check(RegistryException e) {
    String check =
        switch (e.kind()) {
          case AUTH_INCOMPLETE, AUTH_BAD_SIGNATURE -> SIGNATURE;
          case AUTH_MISSING, AUTH_UNKNOWN_KEY, AUTH_EXPIRED, UNAUTHORIZED -> AUTHENTICATION;
          case DENIED -> AUTHORIZATION;
          case LIMIT_EXCEEDED, MANIFEST_TOO_LARGE -> LIMITS;
          case NAME_INVALID,
              TAG_INVALID,
              TAG_DIGEST_MISMATCH,
              MANIFEST_INVALID,
              UNSUPPORTED_MEDIA_TYPE,
              BLOB_UPLOAD_INVALID,
              EMPTY_UPLOAD,
              RANGE_INVALID,
              DIGEST_INVALID,
              SIZE_INVALID,
              PAGINATION_INVALID,
              INVALID_PARAMETER,
              UPSTREAM_UNSUPPORTED,
              SECRET_NOT_FOUND,
              SECRET_UNREADABLE,
              MALFORMED_POLICY ->
              VALIDATION;
          case REPOSITORY_NOT_FOUND,
              REPOSITORY_ALREADY_EXISTS,
              REPOSITORY_NOT_EMPTY,
              TAG_IMMUTABLE,
              IMAGE_ALREADY_EXISTS,
              IMAGE_REFERENCED_BY_INDEX,
              IMAGE_ARCHIVED,
              STORAGE_CLASS_UPDATE_UNSUPPORTED,
              LAYER_ALREADY_EXISTS,
              MANIFEST_UNKNOWN,
              MANIFEST_BLOB_UNKNOWN,
              BLOB_UNKNOWN,
              BLOB_UPLOAD_UNKNOWN,
              RANGE_NOT_SATISFIABLE,
              NO_SUCH_ENTITY,
              ENTITY_ALREADY_EXISTS,
              DELETE_CONFLICT,
              IN_PROGRESS,
              INVALID_STATE,
              UNSUPPORTED,
              NOT_FOUND,
              INSUFFICIENT_STORAGE,
              INTERNAL ->
              "";
        };
    return check.isEmpty() ? Optional.empty() : Optional.of(check);
  }
}
