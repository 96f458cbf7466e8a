package dev.berth.error;

/**
 * What went wrong, independent of any wire protocol. Each API maps every kind to its own code and
 * status with an exhaustive switch.
 */
public enum ErrorKind {
  /** The repository does not exist in the account's registry. */
  REPOSITORY_NOT_FOUND,
  /** A repository with that name already exists. */
  REPOSITORY_ALREADY_EXISTS,
  /** The repository still holds images and deletion was not forced. */
  REPOSITORY_NOT_EMPTY,
  /** A repository name does not follow the grammar. */
  NAME_INVALID,
  /** A tag does not follow the grammar, or may not be moved. */
  TAG_INVALID,
  /** The tag exists and the repository's tags are immutable. */
  TAG_IMMUTABLE,
  /** The image (digest and tag) is already in the repository (ECR PutImage). */
  IMAGE_ALREADY_EXISTS,
  /** An index in the repository lists the image, so it cannot be deleted. */
  IMAGE_REFERENCED_BY_INDEX,
  /** A tag and a digest given together name different images. */
  TAG_DIGEST_MISMATCH,
  /** The image is archived or being restored, so it cannot be pulled (ECR archive class). */
  IMAGE_ARCHIVED,
  /** The image cannot move to the requested storage class from its current status. */
  STORAGE_CLASS_UPDATE_UNSUPPORTED,
  /** The layer is already in the repository (ECR CompleteLayerUpload). */
  LAYER_ALREADY_EXISTS,
  /** An upload completed without any bytes (ECR CompleteLayerUpload). */
  EMPTY_UPLOAD,
  /** The manifest (by tag or digest) is unknown. */
  MANIFEST_UNKNOWN,
  /** The manifest is malformed or fails validation. */
  MANIFEST_INVALID,
  /** The manifest is larger than the registry accepts. */
  MANIFEST_TOO_LARGE,
  /** The manifest references blobs or manifests absent from the repository. */
  MANIFEST_BLOB_UNKNOWN,
  /** The media type is not one the registry accepts. */
  UNSUPPORTED_MEDIA_TYPE,
  /** The blob is unknown to the repository. */
  BLOB_UNKNOWN,
  /** The upload session is unknown or expired. */
  BLOB_UPLOAD_UNKNOWN,
  /** The upload request is malformed. */
  BLOB_UPLOAD_INVALID,
  /** A chunk does not start where the session stands. */
  RANGE_INVALID,
  /** The requested byte range cannot be satisfied. */
  RANGE_NOT_SATISFIABLE,
  /** A digest is malformed or does not match the content. */
  DIGEST_INVALID,
  /** A declared size does not match the content. */
  SIZE_INVALID,
  /** A pagination parameter is malformed. */
  PAGINATION_INVALID,
  /**
   * An IAM entity (user, group, role, policy, key), or an ECR lifecycle policy, preview or
   * pull-time update exclusion, does not exist.
   */
  NO_SUCH_ENTITY,
  /** An IAM entity with that name (or an ECR pull-time update exclusion) already exists. */
  ENTITY_ALREADY_EXISTS,
  /** An IAM entity cannot be deleted while things are attached to it. */
  DELETE_CONFLICT,
  /** Earlier work on the resource has not finished (ECR: a lifecycle policy preview). */
  IN_PROGRESS,
  /**
   * The resource's state does not allow the operation (Secrets Manager: a secret scheduled for
   * deletion; AWS: InvalidRequestException).
   */
  INVALID_STATE,
  /** A count limit (tags, repositories, ...) would be exceeded. */
  LIMIT_EXCEEDED,
  /** A request parameter is malformed. */
  INVALID_PARAMETER,
  /**
   * A policy document is malformed, fails validation or is too large (IAM: MalformedPolicyDocument;
   * ECR: InvalidParameterException).
   */
  MALFORMED_POLICY,
  /** A pull-through cache rule names an upstream registry Berth cannot cache from. */
  UPSTREAM_UNSUPPORTED,
  /** The Secrets Manager secret a pull-through cache rule names does not exist. */
  SECRET_NOT_FOUND,
  /** The secret exists but holds no usable credentials (ECR: UnableToAccessSecretException). */
  SECRET_UNREADABLE,
  /** The caller is not authenticated. */
  UNAUTHORIZED,
  /** No credentials at all (AWS: MissingAuthenticationTokenException). */
  AUTH_MISSING,
  /** A malformed Authorization header or presigned query (AWS: IncompleteSignatureException). */
  AUTH_INCOMPLETE,
  /** Unknown, inactive or mismatched access key or session token (UnrecognizedClientException). */
  AUTH_UNKNOWN_KEY,
  /** The signature does not match, or the request is too old or new (InvalidSignatureException). */
  AUTH_BAD_SIGNATURE,
  /** Temporary credentials have expired (ExpiredTokenException). */
  AUTH_EXPIRED,
  /** The caller is authenticated but not allowed. */
  DENIED,
  /** The operation is not supported. */
  UNSUPPORTED,
  /** Nothing exists at the address (no such endpoint or resource). */
  NOT_FOUND,
  /** The storage has no room left for the bytes (a full disk or an exhausted quota). */
  INSUFFICIENT_STORAGE,
  /** An unexpected failure inside the registry. */
  INTERNAL
}
