package dev.berth.api.oci;

import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from domain errors to OCI error codes and statuses, and the writer of the envelope
 * {@code {"errors":[{"code","message","detail"}]}}.
 */
final class OciErrors {
  private static final Logger LOG = LoggerFactory.getLogger(OciErrors.class);

  /** Request bytes read and dropped before an error so the client sees the answer. */
  private static final long MAX_DISCARD = 16L * 1024 * 1024;

  private OciErrors() {}

  /** An OCI error code with its HTTP status. */
  record Code(String code, int status) {}

  static Code code(ErrorKind kind) {
    return switch (kind) {
      case REPOSITORY_NOT_FOUND -> new Code("NAME_UNKNOWN", 404);
      case REPOSITORY_ALREADY_EXISTS -> new Code("DENIED", 409);
      case REPOSITORY_NOT_EMPTY,
          IMAGE_ALREADY_EXISTS,
          LAYER_ALREADY_EXISTS,
          IMAGE_REFERENCED_BY_INDEX ->
          new Code("DENIED", 409);
      case EMPTY_UPLOAD -> new Code("BLOB_UPLOAD_INVALID", 400);
      case NAME_INVALID -> new Code("NAME_INVALID", 400);
      case TAG_INVALID, TAG_IMMUTABLE, TAG_DIGEST_MISMATCH -> new Code("TAG_INVALID", 400);
      case MANIFEST_UNKNOWN, IMAGE_ARCHIVED -> new Code("MANIFEST_UNKNOWN", 404);
      case STORAGE_CLASS_UPDATE_UNSUPPORTED -> new Code("UNSUPPORTED", 400);
      case MANIFEST_INVALID, UNSUPPORTED_MEDIA_TYPE -> new Code("MANIFEST_INVALID", 400);
      case MANIFEST_TOO_LARGE -> new Code("MANIFEST_INVALID", 413);
      case MANIFEST_BLOB_UNKNOWN -> new Code("MANIFEST_BLOB_UNKNOWN", 400);
      case BLOB_UNKNOWN -> new Code("BLOB_UNKNOWN", 404);
      case BLOB_UPLOAD_UNKNOWN -> new Code("BLOB_UPLOAD_UNKNOWN", 404);
      case BLOB_UPLOAD_INVALID -> new Code("BLOB_UPLOAD_INVALID", 400);
      case RANGE_INVALID -> new Code("BLOB_UPLOAD_INVALID", 416);
      case RANGE_NOT_SATISFIABLE -> new Code("UNSUPPORTED", 416);
      case DIGEST_INVALID -> new Code("DIGEST_INVALID", 400);
      case SIZE_INVALID -> new Code("SIZE_INVALID", 400);
      case PAGINATION_INVALID -> new Code("PAGINATION_NUMBER_INVALID", 400);
      case INVALID_PARAMETER, MALFORMED_POLICY -> new Code("UNSUPPORTED", 400);
      case NO_SUCH_ENTITY -> new Code("DENIED", 404);
      case UPSTREAM_UNSUPPORTED, SECRET_NOT_FOUND, SECRET_UNREADABLE ->
          new Code("UNSUPPORTED", 400);
      case ENTITY_ALREADY_EXISTS, DELETE_CONFLICT, IN_PROGRESS, INVALID_STATE ->
          new Code("DENIED", 409);
      case LIMIT_EXCEEDED -> new Code("TOOMANYREQUESTS", 429);
      case UNAUTHORIZED,
          AUTH_MISSING,
          AUTH_INCOMPLETE,
          AUTH_UNKNOWN_KEY,
          AUTH_BAD_SIGNATURE,
          AUTH_EXPIRED ->
          new Code("UNAUTHORIZED", 401);
      case DENIED -> new Code("DENIED", 403);
      case UNSUPPORTED -> new Code("UNSUPPORTED", 405);
      case NOT_FOUND -> new Code("UNSUPPORTED", 404);
      case INSUFFICIENT_STORAGE -> new Code("UNKNOWN", 507);
      case INTERNAL -> new Code("UNKNOWN", 500);
    };
  }

  /** The challenge of a private registry's 401: Basic, as {@code docker login -u AWS} answers. */
  static final String BASIC_CHALLENGE = "Basic realm=\"berth\",service=\"ecr\"";

  /** Writes any failure as an OCI error response. */
  static void write(Exchange ex, Throwable failure) {
    write(ex, failure, BASIC_CHALLENGE);
  }

  /** As {@link #write(Exchange, Throwable)}, a 401 carrying {@code challenge}. */
  static void write(Exchange ex, Throwable failure, String challenge) {
    RegistryException e;
    if (failure instanceof RegistryException re) {
      e = re;
    } else if (Exchange.isClientAbort(failure)) {
      LOG.debug("client went away request={}", ex, failure);
      e = new RegistryException(ErrorKind.BLOB_UPLOAD_INVALID, "the request body ended early");
    } else {
      LOG.error("failed to handle request request={}", ex, failure);
      e = new RegistryException(ErrorKind.INTERNAL, "unknown error", failure);
    }
    Code code = code(e.kind());
    ex.failed(code.code(), e);
    ex.discardBody(MAX_DISCARD);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.code());
    error.put("message", e.getMessage());
    e.detail().ifPresent(d -> error.put("detail", d));
    byte[] body = Json.write(Map.of("errors", List.of(error)));
    if (code.status() == 401) {
      ex.header("WWW-Authenticate", challenge);
    }
    ex.header(OciApi.API_VERSION_HEADER, OciApi.API_VERSION)
        .status(code.status())
        .send("application/json", body);
  }
}
