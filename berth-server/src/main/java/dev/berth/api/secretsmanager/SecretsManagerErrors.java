package dev.berth.api.secretsmanager;

import dev.berth.api.awsjson.AwsError;
import dev.berth.error.RegistryException;

/** The one table from domain errors to Secrets Manager exception names (400 but server errors). */
final class SecretsManagerErrors {
  private SecretsManagerErrors() {}

  static AwsError of(RegistryException e) {
    String type =
        switch (e.kind()) {
          case NO_SUCH_ENTITY -> "ResourceNotFoundException";
          case ENTITY_ALREADY_EXISTS -> "ResourceExistsException";
          case INVALID_STATE, DELETE_CONFLICT, IN_PROGRESS -> "InvalidRequestException";
          case PAGINATION_INVALID -> "InvalidNextTokenException";
          case LIMIT_EXCEEDED -> "LimitExceededException";
          case MALFORMED_POLICY -> "MalformedPolicyDocumentException";
          case UNAUTHORIZED, DENIED -> "AccessDeniedException";
          case AUTH_MISSING, AUTH_INCOMPLETE, AUTH_UNKNOWN_KEY, AUTH_BAD_SIGNATURE, AUTH_EXPIRED ->
              "UnrecognizedClientException";
          case INSUFFICIENT_STORAGE, INTERNAL -> "InternalServiceError";
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
              INVALID_PARAMETER,
              UPSTREAM_UNSUPPORTED,
              SECRET_NOT_FOUND,
              SECRET_UNREADABLE,
              UNSUPPORTED,
              NOT_FOUND ->
              "InvalidParameterException";
        };
    return new AwsError(type, "InternalServiceError".equals(type) ? 500 : 400);
  }
}
