package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.api.awsjson.ShapeValidator;
import dev.berth.app.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** ECR calls as the test node's root user, with every success checked against the model. */
final class EcrCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  private static final ServiceModel MODEL = ServiceModel.load("ecr.service-2.json");

  private final SignedHttp http;
  private final ShapeValidator validator = new ShapeValidator(MODEL);

  EcrCalls(TestNode node) {
    this(node, TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  /** Calls signed with another identity's access key. */
  EcrCalls(TestNode node, String keyId, String secret) {
    this.http = new SignedHttp(node.base(), keyId, secret);
  }

  SignedHttp.Reply call(String op, Map<String, ?> input) {
    try {
      return http.call(PREFIX + op, JSON.writeValueAsString(input));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer of a call that must succeed with output valid against the model. */
  JsonNode ok(String op, Map<String, ?> input) {
    SignedHttp.Reply r = call(op, input);
    assertThat(r.status()).as(op + " " + r.body()).isEqualTo(200);
    assertThat(validator.validateOutput(MODEL.outputShape(op).orElseThrow(), r.body()))
        .as(op + " output")
        .isEmpty();
    return r.body();
  }

  /** Asserts a 400 with the exception name and a message containing {@code message}. */
  static void fails(SignedHttp.Reply r, String type, String message) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
    assertThat(r.body().path("__type").asText()).isEqualTo(type);
    assertThat(r.body().path("message").asText()).contains(message);
  }
}
