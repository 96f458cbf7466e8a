package dev.berth.api.awsjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import org.junit.jupiter.api.Test;

/**
 * Strict output validation (issue 9, item 23): a response member the output shape does not define
 * (a misspelled field) is a violation, at any depth; input validation ignores unknown members, as
 * AWS JSON services do.
 */
class ShapeValidatorTest {
  private static final ServiceModel ECR = ServiceModel.load("ecr.service-2.json");
  private final ShapeValidator validator = new ShapeValidator(ECR);

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  @Test
  void output_rejectsAMisspelledTopLevelMember() throws Exception {
    JsonNode body = json("{\"repositories\":[],\"nextTokn\":\"x\"}");
    assertThat(validator.validateOutput("DescribeRepositoriesResponse", body))
        .singleElement()
        .asString()
        .contains("'nextTokn'")
        .contains("not defined");
    assertThat(validator.validate("DescribeRepositoriesResponse", body)).isEmpty();
  }

  @Test
  void output_rejectsAMisspelledNestedMember() throws Exception {
    JsonNode body =
        json(
            "{\"repositories\":[{\"repositoryName\":\"team/a\",\"repositoryUri\":\"u\","
                + "\"imageScanningConfiguration\":{\"scanOnPush\":false,\"scanOnPsh\":true}}]}");
    assertThat(validator.validateOutput("DescribeRepositoriesResponse", body))
        .singleElement()
        .asString()
        .contains("repositories.1.member.imageScanningConfiguration.scanOnPsh");
  }

  @Test
  void output_acceptsWhatTheShapeDefines() throws Exception {
    JsonNode body =
        json(
            "{\"repositories\":[{\"repositoryName\":\"team/a\",\"createdAt\":1.5,"
                + "\"imageTagMutability\":\"MUTABLE\"}],\"nextToken\":\"t\"}");
    assertThat(validator.validateOutput("DescribeRepositoriesResponse", body)).isEmpty();
  }

  @Test
  void input_ignoresUnknownMembersButStillChecksKnownOnes() throws Exception {
    assertThat(
            validator.validate(
                "DescribeRepositoriesRequest", json("{\"futureMember\":1,\"maxResults\":2}")))
        .isEmpty();
    assertThat(
            validator.validate(
                "DescribeRepositoriesRequest", json("{\"futureMember\":1,\"maxResults\":0}")))
        .singleElement()
        .asString()
        .contains("maxResults");
  }

  /**
   * Found by ShapeValidatorFuzzTest (issue 9, item 20): an integer beyond the member's type read as
   * its low 64 bits, so maxResults = 2^64 + 1 passed as 1.
   */
  @Test
  void input_rejectsAnIntegerBeyondItsTypeInsteadOfWrappingIt() throws Exception {
    assertThat(
            validator.validate(
                "DescribeRepositoriesRequest", json("{\"maxResults\":18446744073709551617}")))
        .singleElement()
        .asString()
        .contains("maxResults")
        .contains("within its range");
    assertThat(
            validator.validate("DescribeRepositoriesRequest", json("{\"maxResults\":4294967297}")))
        .as("2^32 + 1 is no int either")
        .isNotEmpty();
  }
}
