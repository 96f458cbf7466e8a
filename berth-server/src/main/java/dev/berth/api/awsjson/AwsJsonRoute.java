package dev.berth.api.awsjson;

import dev.berth.auth.Principal;
import dev.berth.auth.SignedRequest;
import dev.berth.common.Hashing;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /} for AWS JSON 1.1 services: authenticate (SigV4), find the operation from {@code
 * X-Amz-Target}, validate the input against the model, run it, answer JSON or an AWS error.
 */
public final class AwsJsonRoute implements Route {
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  static final int MAX_BODY = 32 * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(AwsJsonRoute.class);

  private final Authenticator authenticator;
  private final Map<String, AwsJsonService> services;
  private final Map<String, ShapeValidator> validators;

  public AwsJsonRoute(Authenticator authenticator, List<AwsJsonService> services) {
    this.authenticator = authenticator;
    this.services =
        services.stream()
            .collect(java.util.stream.Collectors.toMap(s -> s.model().targetPrefix(), s -> s));
    this.validators =
        services.stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    s -> s.model().targetPrefix(), s -> new ShapeValidator(s.model())));
  }

  /** Failures outside an operation (auth, routing) in AWS JSON form. */
  public static ErrorWriter errors() {
    return (ex, failure) ->
        AwsJsonErrors.write(
            ex,
            UUID.randomUUID().toString(),
            failure,
            e ->
                AwsJsonErrors.common(e)
                    .orElse(
                        e.kind() == ErrorKind.INVALID_PARAMETER
                            ? AwsError.client("InvalidParameterException")
                            : new AwsError("InternalFailure", 500)));
  }

  @Override
  public void handle(Exchange ex) {
    String requestId = UUID.randomUUID().toString();
    if (!"POST".equals(ex.method())) {
      throw new RegistryException(
          ErrorKind.NOT_FOUND, "no such endpoint: " + ex.method() + " " + ex.path());
    }
    String target =
        ex.header("X-Amz-Target")
            .orElseThrow(
                () ->
                    new AwsFault("UnknownOperationException", 400, "missing X-Amz-Target header"));
    int dot = target.lastIndexOf('.');
    AwsJsonService service = dot > 0 ? services.get(target.substring(0, dot)) : null;
    if (service == null) {
      throw new AwsFault("UnknownOperationException", 400, "unknown operation " + target);
    }
    String operation = target.substring(dot + 1);
    byte[] body = ex.readBody(MAX_BODY);
    if (body.length > MAX_BODY) {
      throw new AwsFault(
          "SerializationException", 413, "request body exceeds " + MAX_BODY + " bytes");
    }
    Principal principal = authenticator.authenticate(signedRequest(ex, body));
    try {
      Object output =
          OperationRunner.run(
              service,
              validators.get(service.model().targetPrefix()),
              operation,
              new CallContext(
                  principal,
                  requestId,
                  ex.header("Host").orElse("localhost"),
                  ex.remoteAddress(),
                  operation),
              () -> OperationRunner.parse(body));
      ex.header("x-amzn-RequestId", requestId).status(200).send(CONTENT_TYPE, Json.write(output));
    } catch (RuntimeException e) {
      AwsJsonErrors.write(
          ex,
          requestId,
          e,
          re -> AwsJsonErrors.common(re).orElseGet(() -> service.error(operation, re)));
    }
  }

  static SignedRequest signedRequest(Exchange ex, byte[] body) {
    return new SignedRequest(
        ex.method(),
        ex.path(),
        ex.rawQuery(),
        ex.headerMap(),
        HexFormat.of().formatHex(Hashing.sha256().digest(body)));
  }
}
