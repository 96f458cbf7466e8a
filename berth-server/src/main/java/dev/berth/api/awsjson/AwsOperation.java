package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;

/** One operation of an AWS JSON service: validated input in, an object serialised as JSON out. */
@FunctionalInterface
public interface AwsOperation {
  Object invoke(CallContext call, JsonNode input);
}
