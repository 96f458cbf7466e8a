package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.Authenticator;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.api.awsjson.ShapeValidator;
import dev.berth.auth.Principal;
import dev.berth.auth.SigV4Verifier.PayloadCheck;
import dev.berth.auth.SignedRequest;
import dev.berth.common.Hashing;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.PreAuthBudget;
import dev.berth.http.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /} with a form body {@code Action=...&Version=...}: IAM (2010-05-08) and STS
 * (2011-06-15). Authenticates with SigV4, validates against the model, answers XML.
 */
public final class QueryRoute implements Route {
  private static final Logger LOG = LoggerFactory.getLogger(QueryRoute.class);
  private static final int MAX_BODY = 1024 * 1024;

  private final Authenticator authenticator;
  private final List<Service> services;

  private record Service(
      QueryService service, QueryInput input, XmlOutput output, ShapeValidator validator) {}

  private final PreAuthBudget budget;

  /** The signing names of every service this route answers (IAM's and STS's). */
  private final Set<String> signingNames;

  QueryRoute(Authenticator authenticator, List<QueryService> services, PreAuthBudget budget) {
    this.authenticator = authenticator;
    this.budget = budget;
    this.services =
        services.stream()
            .map(
                s ->
                    new Service(
                        s,
                        new QueryInput(s.model()),
                        new XmlOutput(s.model()),
                        new ShapeValidator(s.model())))
            .toList();
    this.signingNames =
        services.stream()
            .map(s -> s.model().signingName())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public void handle(Exchange ex) {
    String requestId = ex.requestId();
    Service service = services.get(0);
    try {
      // Issue 9, item 6: headers first; the body counts against the unauthenticated budget until
      // its signature checks out.
      long declared = ex.contentLength();
      if (declared > MAX_BODY) {
        throw new RegistryException(ErrorKind.INVALID_PARAMETER, "request body too large");
      }
      // The body's Action names IAM or STS; the scope is checked once it is read, so that the
      // refusal names the service the Action belongs to.
      PayloadCheck check =
          authenticator.precheck(
              new SignedRequest(ex.method(), ex.path(), ex.rawQuery(), ex.headerMap(), ""),
              Set.of());
      Map<String, String> params;
      Optional<Service> match;
      Principal principal;
      try (PreAuthBudget.Permit permit =
          budget
              .reserve(ex.remoteAddress(), declared < 0 ? MAX_BODY : declared)
              .orElseThrow(Throttled::new)) {
        byte[] body = ex.readBody(MAX_BODY);
        if (body.length > MAX_BODY) {
          throw new RegistryException(ErrorKind.INVALID_PARAMETER, "request body too large");
        }
        params = form(new String(body, StandardCharsets.ISO_8859_1));
        params.putAll(form(ex.rawQuery()));
        match = service(params);
        if (match.isPresent()) {
          service = match.get();
          note(ex, service, params.getOrDefault("Action", ""));
          check.requireService(Set.of(service.service().model().signingName()));
        } else {
          check.requireService(signingNames);
        }
        principal = check.verify(HexFormat.of().formatHex(Hashing.sha256().digest(body)));
        ex.notes().principal(principal.arn());
      }
      String action = params.getOrDefault("Action", "");
      String version = params.getOrDefault("Version", "");
      if (match.isEmpty()) {
        throw new RegistryException(
            ErrorKind.NOT_FOUND, "Could not find operation " + action + " for version " + version);
      }
      AwsOperation op = service.service().operations().get(action);
      if (op == null) {
        throw new RegistryException(
            ErrorKind.UNSUPPORTED, "Berth does not implement " + action + " yet");
      }
      JsonNode input =
          service.input().read(service.service().model().inputShape(action).orElseThrow(), params);
      List<String> violations =
          service
              .validator()
              .validate(service.service().model().inputShape(action).orElseThrow(), input);
      if (!violations.isEmpty()) {
        throw new RegistryException(
            ErrorKind.INVALID_PARAMETER,
            violations.size()
                + " validation error"
                + (violations.size() == 1 ? "" : "s")
                + " detected: "
                + String.join("; ", violations));
      }
      Object result =
          op.invoke(
              new CallContext(
                  principal,
                  requestId,
                  ex.header("Host").orElse("localhost"),
                  ex.secure(),
                  ex.remoteAddress(),
                  action,
                  check.region()),
              input);
      String namespace = service.service().model().metadata().path("xmlNamespace").asText();
      ex.header("x-amzn-RequestId", requestId)
          .status(200)
          .send(
              "text/xml",
              service
                  .output()
                  .response(action, namespace, result, requestId)
                  .getBytes(StandardCharsets.UTF_8));
    } catch (RegistryException e) {
      ex.failed(QueryErrors.of(e).code(), e);
      error(ex, service, QueryErrors.of(e), e.getMessage(), requestId);
    } catch (Throttled e) {
      ex.notes().refused("limits", "unauthenticated request bodies over their budget");
      error(ex, service, new QueryErrors.Code("Throttling", 400), "Rate exceeded", requestId);
    } catch (RuntimeException e) {
      LOG.error("failed to handle query request request={}", ex, e);
      ex.failed("ServiceFailure", e);
      error(
          ex,
          service,
          new QueryErrors.Code("ServiceFailure", 500),
          "internal error; request id " + requestId,
          requestId);
    }
  }

  /** The unauthenticated budget is spent: refused unread, with the query protocol's code. */
  private static final class Throttled extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** The API ({@code iam} or {@code sts}) and, when modelled, the action, for metrics and logs. */
  private static void note(Exchange ex, Service service, String action) {
    ex.notes().api(service.service().model().signingName());
    if (service.service().model().operations().contains(action)) {
      ex.notes().operation(action);
    }
  }

  private Optional<Service> service(Map<String, String> params) {
    String action = params.getOrDefault("Action", "");
    String version = params.getOrDefault("Version", "");
    return services.stream()
        .filter(
            s ->
                s.service().operations().containsKey(action)
                    || s.service().model().operations().contains(action))
        .filter(
            s ->
                version.isEmpty()
                    || s.service().model().metadata().path("apiVersion").asText().equals(version))
        .findFirst();
  }

  /** Writes a failure refused before this route ran (a malformed query string) as IAM XML. */
  public ErrorWriter errors() {
    return (ex, failure) -> {
      RegistryException e =
          failure instanceof RegistryException re
              ? re
              : new RegistryException(ErrorKind.INTERNAL, "internal error");
      ex.failed(QueryErrors.of(e).code(), e);
      error(ex, services.get(0), QueryErrors.of(e), e.getMessage(), ex.requestId());
    };
  }

  private static void error(
      Exchange ex, Service service, QueryErrors.Code code, String message, String requestId) {
    // A body refused unread: read a little so the client sees the answer.
    ex.discardBody(64 * 1024);
    String namespace = service.service().model().metadata().path("xmlNamespace").asText();
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\""
            + namespace
            + "\"><Error><Type>"
            + code.type()
            + "</Type><Code>"
            + code.code()
            + "</Code><Message>"
            + XmlOutput.escape(message)
            + "</Message></Error><RequestId>"
            + requestId
            + "</RequestId></ErrorResponse>";
    ex.header("x-amzn-RequestId", requestId)
        .status(code.status())
        .send("text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> form(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String pair : text.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            ErrorKind.INVALID_PARAMETER, "malformed form encoding: " + pair);
      }
    }
    return out;
  }
}
