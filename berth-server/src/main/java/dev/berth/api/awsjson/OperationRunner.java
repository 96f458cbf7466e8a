package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one operation of a service: the operation must be modelled and implemented (checked before
 * the input is read), and the input must satisfy its shape. Shared by the signed HTTP route and
 * in-process callers.
 */
final class OperationRunner {
  private OperationRunner() {}

  static Object run(
      AwsJsonService service,
      ShapeValidator validator,
      String operation,
      CallContext call,
      Supplier<JsonNode> body) {
    if (!service.model().operations().contains(operation)) {
      throw new AwsFault("UnknownOperationException", 400, "unknown operation " + operation);
    }
    AwsOperation op = service.operations().get(operation);
    if (op == null) {
      throw new AwsFault(
          "UnsupportedOperationException",
          400,
          "Berth does not implement " + service.model().targetPrefix() + "." + operation + " yet");
    }
    JsonNode input = body.get();
    Optional<String> shape = service.model().inputShape(operation);
    if (shape.isPresent()) {
      List<String> violations = validator.validate(shape.get(), input);
      if (!violations.isEmpty()) {
        List<String> errors = service.model().errors(operation);
        String type =
            errors.contains("InvalidParameterException")
                ? "InvalidParameterException"
                : errors.contains("InvalidInputException")
                    ? "InvalidInputException"
                    : "ValidationException";
        throw new AwsFault(
            type,
            400,
            violations.size()
                + " validation error"
                + (violations.size() == 1 ? "" : "s")
                + " detected: "
                + String.join("; ", violations));
      }
    }
    return op.invoke(call, input);
  }
}
