package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import dev.berth.error.RegistryException;

/**
 * Calls an AWS JSON service in-process as a principal that is already authenticated (the web UI's
 * session): the same model check, input validation, operation code and authorization as a signed
 * {@code POST /}, without the HTTP round trip and SigV4. Failures come back as {@link
 * AwsCallException} carrying the exception name the wire would have carried.
 */
public final class LocalClient {
  private final AwsJsonService service;
  private final ShapeValidator validator;

  public LocalClient(AwsJsonService service) {
    this.service = service;
    this.validator = new ShapeValidator(service.model());
  }

  /** Runs {@code call.operation()} with {@code input} and returns the output as JSON. */
  public JsonNode call(CallContext call, JsonNode input) {
    try {
      Object output = OperationRunner.run(service, validator, call.operation(), call, () -> input);
      return Json.mapper().valueToTree(output);
    } catch (AwsFault f) {
      throw new AwsCallException(f.error(), f.getMessage(), f);
    } catch (RegistryException e) {
      AwsError error = AwsJsonErrors.common(e).orElseGet(() -> service.error(call.operation(), e));
      throw new AwsCallException(error, e.getMessage(), e);
    }
  }
}
