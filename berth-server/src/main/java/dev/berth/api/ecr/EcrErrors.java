package dev.berth.api.ecr;

import dev.berth.api.awsjson.AwsError;
import dev.berth.error.RegistryException;

/** The one table from domain errors to ECR exception names (all 400 but ServerException). */
final class EcrErrors {
  private EcrErrors() {}

  static AwsError of(String operation, RegistryException e) {
    String type =
        switch (e.kind()) {
          case REPOSITORY_NOT_FOUND -> "RepositoryNotFoundException";
          case REPOSITORY_ALREADY_EXISTS -> "RepositoryAlreadyExistsException";
          case REPOSITORY_NOT_EMPTY -> "RepositoryNotEmptyException";
          case IMAGE_ALREADY_EXISTS -> "ImageAlreadyExistsException";
          case LAYER_ALREADY_EXISTS -> "LayerAlreadyExistsException";
          case EMPTY_UPLOAD -> "EmptyUploadException";
          case TAG_IMMUTABLE -> "ImageTagAlreadyExistsException";
          case NO_SUCH_ENTITY -> notFound(operation);
          case ENTITY_ALREADY_EXISTS ->
              switch (operation) {
                case "RegisterPullTimeUpdateExclusion" -> "ExclusionAlreadyExistsException";
                case "CreateRepositoryCreationTemplate" -> "TemplateAlreadyExistsException";
                case "CreatePullThroughCacheRule" -> "PullThroughCacheRuleAlreadyExistsException";
                default -> "InvalidParameterException";
              };
          case IN_PROGRESS -> "LifecyclePolicyPreviewInProgressException";
          case MANIFEST_UNKNOWN -> "ImageNotFoundException";
          case MANIFEST_BLOB_UNKNOWN ->
              "PutImage".equals(operation) ? "LayersNotFoundException" : "ImageNotFoundException";
          case BLOB_UNKNOWN -> "LayersNotFoundException";
          case IMAGE_ARCHIVED -> "ImageArchivedException";
          case STORAGE_CLASS_UPDATE_UNSUPPORTED -> "ImageStorageClassUpdateNotSupportedException";
          case BLOB_UPLOAD_UNKNOWN -> "UploadNotFoundException";
          case BLOB_UPLOAD_INVALID, RANGE_INVALID -> "InvalidLayerPartException";
          case DIGEST_INVALID ->
              switch (operation) {
                case "PutImage" -> "ImageDigestDoesNotMatchException";
                case "CompleteLayerUpload" -> "InvalidLayerException";
                default -> "InvalidParameterException";
              };
          case LIMIT_EXCEEDED ->
              "TagResource".equals(operation) || "CreateRepository".equals(operation)
                  ? "TooManyTagsException"
                  : "LimitExceededException";
          case NAME_INVALID,
              TAG_INVALID,
              TAG_DIGEST_MISMATCH,
              IMAGE_REFERENCED_BY_INDEX,
              MANIFEST_INVALID,
              UNSUPPORTED_MEDIA_TYPE,
              MANIFEST_TOO_LARGE,
              RANGE_NOT_SATISFIABLE,
              SIZE_INVALID,
              PAGINATION_INVALID,
              INVALID_PARAMETER,
              INVALID_STATE,
              MALFORMED_POLICY,
              DELETE_CONFLICT ->
              "InvalidParameterException";
          case UPSTREAM_UNSUPPORTED -> "UnsupportedUpstreamRegistryException";
          case SECRET_NOT_FOUND -> "SecretNotFoundException";
          case SECRET_UNREADABLE -> "UnableToAccessSecretException";
          case UNAUTHORIZED, DENIED -> "AccessDeniedException";
          case UNSUPPORTED, NOT_FOUND -> "UnsupportedOperationException";
          case AUTH_MISSING, AUTH_INCOMPLETE, AUTH_UNKNOWN_KEY, AUTH_BAD_SIGNATURE, AUTH_EXPIRED ->
              "UnrecognizedClientException";
          case INSUFFICIENT_STORAGE, INTERNAL -> "ServerException";
        };
    return new AwsError(type, "ServerException".equals(type) ? 500 : 400);
  }

  /** The not-found exception an operation answers for a missing policy, preview or exclusion. */
  private static String notFound(String operation) {
    if (operation.contains("RegistryPolicy")) {
      return "RegistryPolicyNotFoundException";
    }
    if (operation.contains("RepositoryPolicy")) {
      return "RepositoryPolicyNotFoundException";
    }
    return switch (operation) {
      case "GetLifecyclePolicy", "DeleteLifecyclePolicy", "StartLifecyclePolicyPreview" ->
          "LifecyclePolicyNotFoundException";
      case "GetLifecyclePolicyPreview" -> "LifecyclePolicyPreviewNotFoundException";
      case "DeregisterPullTimeUpdateExclusion" -> "ExclusionNotFoundException";
      case "UpdateRepositoryCreationTemplate", "DeleteRepositoryCreationTemplate" ->
          "TemplateNotFoundException";
      case "DescribePullThroughCacheRules",
          "UpdatePullThroughCacheRule",
          "DeletePullThroughCacheRule",
          "ValidatePullThroughCacheRule" ->
          "PullThroughCacheRuleNotFoundException";
      default -> "InvalidParameterException";
    };
  }
}
