package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.Principal;
import dev.berth.auth.SigV4Verifier.PayloadCheck;
import dev.berth.auth.SignedRequest;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.PreAuthBudget;
import dev.berth.http.Route;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /} for AWS JSON 1.1 services: authenticate (SigV4), find the operation from {@code
 * X-Amz-Target}, validate the input against the model, run it, answer JSON or an AWS error.
 */
public final class AwsJsonRoute implements Route {
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  /** What is read and dropped of a refused body so the client sees the answer. */
  static final long REFUSED_DISCARD = 64 * 1024;

  private final Authenticator authenticator;
  private final Map<String, AwsJsonService> services;
  private final Map<String, ShapeValidator> validators;
  private final Map<String, BodyLimits> limits;
  private final PreAuthBudget budget;

  public AwsJsonRoute(
      Authenticator authenticator, List<AwsJsonService> services, PreAuthBudget budget) {
    this.authenticator = authenticator;
    this.budget = budget;
    this.services =
        services.stream()
            .collect(java.util.stream.Collectors.toMap(s -> s.model().targetPrefix(), s -> s));
    this.validators =
        services.stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    s -> s.model().targetPrefix(), s -> new ShapeValidator(s.model())));
    this.limits =
        services.stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    s -> s.model().targetPrefix(), s -> new BodyLimits(s.model())));
  }

  /** Failures outside an operation (auth, routing) in AWS JSON form. */
  public static ErrorWriter errors() {
    return (ex, failure) -> {
      ex.discardBody(REFUSED_DISCARD);
      AwsJsonErrors.write(
          ex,
          ex.requestId(),
          failure,
          e ->
              AwsJsonErrors.common(e)
                  .orElse(
                      e.kind() == ErrorKind.INVALID_PARAMETER
                          ? AwsError.client("InvalidParameterException")
                          : new AwsError("InternalFailure", 500)));
    };
  }

  @Override
  public void handle(Exchange ex) {
    String requestId = ex.requestId();
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
    ex.notes().api(service.model().signingName());
    if (service.model().operations().contains(operation)) {
      ex.notes().operation(operation);
    }
    Authenticated call = authenticate(ex, service, operation);
    Principal principal = call.principal();
    ex.notes().principal(principal.arn());
    try {
      Object output =
          OperationRunner.run(
              service,
              Objects.requireNonNull(validators.get(service.model().targetPrefix())),
              operation,
              new CallContext(
                  principal,
                  requestId,
                  ex.header("Host").orElse("localhost"),
                  ex.secure(),
                  ex.remoteAddress(),
                  operation,
                  service.region(call.region())),
              call.input());
      noteRepository(ex, call.input());
      ex.header("x-amzn-RequestId", requestId).status(200).send(CONTENT_TYPE, Json.write(output));
    } catch (RuntimeException e) {
      noteRepository(ex, call.input());
      AwsJsonErrors.write(
          ex,
          requestId,
          e,
          re -> AwsJsonErrors.common(re).orElseGet(() -> service.error(operation, re)));
    }
  }

  /**
   * The repository a request names ({@code repositoryName}, or a single {@code repositoryNames}),
   * for the access log, when its body parsed.
   */
  private static void noteRepository(Exchange ex, Supplier<JsonNode> input) {
    try {
      JsonNode in = input.get();
      JsonNode name = in.path("repositoryName");
      JsonNode names = in.path("repositoryNames");
      if (name.isTextual()) {
        ex.notes().repository(name.asText());
      } else if (names.isArray() && names.size() == 1 && names.get(0).isTextual()) {
        ex.notes().repository(names.get(0).asText());
      }
    } catch (RuntimeException unparsed) {
      // the parse error is what the client is told
    }
  }

  private record Authenticated(Principal principal, String region, Supplier<JsonNode> input) {}

  /**
   * Issue 9, item 6: the headers are checked (signature form, key, time, size) before any body byte
   * is read, the body's bytes count against the unauthenticated budget until its signature checks
   * out, and it is hashed and parsed as it streams.
   */
  private Authenticated authenticate(Exchange ex, AwsJsonService service, String operation) {
    BodyLimits limit = Objects.requireNonNull(limits.get(service.model().targetPrefix()));
    long cap = limit.cap(operation);
    long declared = ex.contentLength();
    if (declared > cap) {
      throw new AwsFault(
          "SerializationException",
          413,
          "request body of "
              + declared
              + " bytes exceeds the "
              + cap
              + " bytes "
              + operation
              + " accepts");
    }
    PayloadCheck check =
        authenticator.precheck(signedRequest(ex, ""), Set.of(service.model().signingName()));
    try (PreAuthBudget.Permit permit =
        budget
            .reserve(ex.remoteAddress(), declared < 0 ? cap : declared)
            .orElseThrow(() -> new AwsFault("ThrottlingException", 429, "Rate exceeded"))) {
      StreamedBody body = StreamedBody.read(ex.body(), cap, limit.blobMembers(operation));
      return new Authenticated(check.verify(body.sha256()), check.region(), body.json());
    }
  }

  static SignedRequest signedRequest(Exchange ex, String payloadSha256) {
    return new SignedRequest(ex.method(), ex.path(), ex.rawQuery(), ex.headerMap(), payloadSha256);
  }
}
