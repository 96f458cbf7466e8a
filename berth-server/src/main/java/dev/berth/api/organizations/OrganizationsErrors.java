package dev.berth.api.organizations;

import dev.berth.api.awsjson.AwsError;
import dev.berth.error.RegistryException;

/** The one table from domain errors to AWS Organizations exception names. */
final class OrganizationsErrors {
  private OrganizationsErrors() {}

  static AwsError of(String operation, RegistryException e) {
    String type =
        switch (e.kind()) {
          case NO_SUCH_ENTITY ->
              "DescribeCreateAccountStatus".equals(operation)
                  ? "CreateAccountStatusNotFoundException"
                  : "AccountNotFoundException";
          case UNAUTHORIZED, DENIED -> "AccessDeniedException";
          case UNSUPPORTED -> "AWSOrganizationsNotInUseException";
          case IN_PROGRESS -> "ConcurrentModificationException";
          case LIMIT_EXCEEDED -> "ConstraintViolationException";
          case NOT_FOUND -> "UnsupportedAPIEndpointException";
          case AUTH_MISSING, AUTH_INCOMPLETE, AUTH_UNKNOWN_KEY, AUTH_BAD_SIGNATURE, AUTH_EXPIRED ->
              "UnrecognizedClientException";
          case INSUFFICIENT_STORAGE, INTERNAL -> "ServiceException";
          case REPOSITORY_NOT_FOUND,
              REPOSITORY_ALREADY_EXISTS,
              REPOSITORY_NOT_EMPTY,
              NAME_INVALID,
              TAG_INVALID,
              TAG_IMMUTABLE,
              IMAGE_ALREADY_EXISTS,
              IMAGE_REFERENCED_BY_INDEX,
              TAG_DIGEST_MISMATCH,
              IMAGE_ARCHIVED,
              STORAGE_CLASS_UPDATE_UNSUPPORTED,
              LAYER_ALREADY_EXISTS,
              EMPTY_UPLOAD,
              MANIFEST_UNKNOWN,
              MANIFEST_INVALID,
              MANIFEST_TOO_LARGE,
              MANIFEST_BLOB_UNKNOWN,
              UNSUPPORTED_MEDIA_TYPE,
              BLOB_UNKNOWN,
              BLOB_UPLOAD_UNKNOWN,
              BLOB_UPLOAD_INVALID,
              RANGE_INVALID,
              RANGE_NOT_SATISFIABLE,
              DIGEST_INVALID,
              SIZE_INVALID,
              PAGINATION_INVALID,
              ENTITY_ALREADY_EXISTS,
              DELETE_CONFLICT,
              INVALID_PARAMETER,
              UPSTREAM_UNSUPPORTED,
              SECRET_NOT_FOUND,
              SECRET_UNREADABLE,
              INVALID_STATE,
              MALFORMED_POLICY ->
              "InvalidInputException";
        };
    return new AwsError(type, "ServiceException".equals(type) ? 500 : 400);
  }
}
