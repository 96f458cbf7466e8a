package dev.berth.api.awsjson;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the AWS JSON shape validator against the ECR model (issue 9, item 20): any request body
 * either fails to parse with {@code SerializationException} or, validated against every operation's
 * input and output shape, leniently and strictly, yields a list of violations and never throws. In
 * a plain build only the seed corpus in {@code ShapeValidatorFuzzTestInputs/} runs; {@code
 * JAZZER_FUZZ=1} fuzzes.
 */
class ShapeValidatorFuzzTest {
  private static final ServiceModel MODEL = ServiceModel.load("ecr.service-2.json");
  private static final ShapeValidator VALIDATOR = new ShapeValidator(MODEL);
  private static final List<String> SHAPES = shapes();

  private static List<String> shapes() {
    List<String> out = new ArrayList<>();
    for (String op : MODEL.operations()) {
      MODEL.inputShape(op).ifPresent(out::add);
      MODEL.outputShape(op).ifPresent(out::add);
    }
    return out;
  }

  @FuzzTest(maxDuration = "10m")
  void validate(byte[] input) {
    JsonNode document;
    try {
      // as the AWS JSON route reads a request body
      document =
          StreamedBody.read(
                  new java.io.ByteArrayInputStream(input), Long.MAX_VALUE, java.util.Set.of())
              .json()
              .get();
    } catch (AwsFault notJson) {
      if (!notJson.error().equals(new AwsError("SerializationException", 400))) {
        throw notJson;
      }
      return;
    }
    for (String shape : SHAPES) {
      if (VALIDATOR.validate(shape, document).size()
          > VALIDATOR.validateOutput(shape, document).size()) {
        throw new AssertionError("strict validation finds at least what lenient validation finds");
      }
    }
  }
}
