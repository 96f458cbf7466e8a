package dev.berth.api.iam;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.api.awsjson.ShapeValidator;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the query-protocol input of IAM and STS (issue 9, item 20): any form body either fails to
 * decode with {@code INVALID_PARAMETER} or becomes, for every operation, a JSON tree that the shape
 * validator judges without throwing. In a plain build only the seed corpus in {@code
 * QueryInputFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class QueryInputFuzzTest {
  private static final List<ServiceModel> MODELS =
      List.of(
          ServiceModel.load("iam.subset.service-2.json"), ServiceModel.load("sts.service-2.json"));

  @FuzzTest(maxDuration = "10m")
  void read(byte[] input) {
    Map<String, String> params;
    try {
      params = QueryRoute.form(new String(input, StandardCharsets.ISO_8859_1));
    } catch (RegistryException e) {
      if (e.kind() != ErrorKind.INVALID_PARAMETER) {
        throw e;
      }
      return;
    }
    for (ServiceModel model : MODELS) {
      QueryInput reader = new QueryInput(model);
      ShapeValidator validator = new ShapeValidator(model);
      for (String op : model.operations()) {
        String shape = model.inputShape(op).orElse("");
        if (shape.isEmpty()) {
          continue;
        }
        JsonNode tree = reader.read(shape, params);
        if (validator.validate(shape, tree) == null) {
          throw new AssertionError("violations are a list");
        }
      }
    }
  }
}
