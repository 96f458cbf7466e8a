package dev.berth.api.awsjson;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the AWS JSON shape validator against the ECR model (issue 9, item 20): any JSON document
 * validated against every operation's input and output shape, leniently and strictly, yields a
 * list of violations and never throws. In a plain build only the seed corpus in {@code
 * ShapeValidatorFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1} fuzzes.
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
      document = Json.mapper().readTree(input);
    } catch (JsonProcessingException notJson) {
      return; // answered as SerializationException before validation
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (document == null) {
      return;
    }
    for (String shape : SHAPES) {
      if (VALIDATOR.validate(shape, document) == null) {
        throw new AssertionError("violations are a list");
      }
    }
  }
}
