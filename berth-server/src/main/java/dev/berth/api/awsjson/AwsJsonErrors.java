package dev.berth.api.awsjson;

import dev.berth.common.Json;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@code {"__type","message"}} errors; maps the kinds every AWS service shares. */
final class AwsJsonErrors {
  private static final Logger LOG = LoggerFactory.getLogger(AwsJsonErrors.class);

  private AwsJsonErrors() {}

  /** Authentication failures answer the same in every AWS service. */
  static Optional<AwsError> common(RegistryException e) {
    return switch (e.kind()) {
      case AUTH_MISSING -> Optional.of(new AwsError("MissingAuthenticationTokenException", 403));
      case AUTH_INCOMPLETE -> Optional.of(AwsError.client("IncompleteSignatureException"));
      case AUTH_UNKNOWN_KEY -> Optional.of(AwsError.client("UnrecognizedClientException"));
      case AUTH_BAD_SIGNATURE -> Optional.of(AwsError.client("InvalidSignatureException"));
      case AUTH_EXPIRED -> Optional.of(AwsError.client("ExpiredTokenException"));
      case NOT_FOUND -> Optional.of(new AwsError("UnknownOperationException", 404));
      default -> Optional.empty();
    };
  }

  static void write(
      Exchange ex,
      String requestId,
      Throwable failure,
      Function<RegistryException, AwsError> table) {
    AwsError error;
    String message;
    if (failure instanceof AwsFault f) {
      error = f.error();
      message = f.getMessage();
    } else if (failure instanceof RegistryException re) {
      error = table.apply(re);
      message = re.getMessage();
    } else {
      LOG.error("failed to handle aws json request request={}", ex, failure);
      error = new AwsError("ServerException", 500);
      message = "internal error; request id " + requestId;
    }
    ex.failed(error.type(), failure);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("__type", error.type());
    body.put("message", message);
    ex.header("x-amzn-RequestId", requestId)
        .header("x-amzn-ErrorType", error.type())
        .status(error.status())
        .send(AwsJsonRoute.CONTENT_TYPE, Json.write(body));
  }
}
