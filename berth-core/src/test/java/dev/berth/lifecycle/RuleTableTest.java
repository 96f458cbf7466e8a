package dev.berth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Hashing;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule table: ECR's documented lifecycle examples as data ({@code rule-table.json}: policy,
 * repository contents, the time, and exactly which images expire and transition under which rule;
 * {@code validation-table.json}: policies ECR refuses, with the failure, and ones it accepts).
 * Every case names the page and heading it comes from.
 */
class RuleTableTest {
  private static JsonNode load(String name) {
    try (InputStream in = RuleTableTest.class.getResourceAsStream(name)) {
      return Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> evaluationCases() {
    JsonNode table = load("rule-table.json");
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : table.path("cases")) {
      out.add(Arguments.of(c.path("name").asText(), c, table.path("now").asText()));
    }
    return out.stream();
  }

  static Stream<Arguments> validationCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : load("validation-table.json").path("cases")) {
      out.add(Arguments.of(c.path("name").asText(), c));
    }
    return out.stream();
  }

  @Test
  void tables_holdAtLeastFortyDocumentedEvaluationCases_eachCitingItsSource() {
    List<Arguments> cases = evaluationCases().toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    for (Arguments a : cases) {
      JsonNode c = (JsonNode) a.get()[1];
      assertThat(c.path("source").asText())
          .as(c.path("name").asText())
          .contains("docs.aws.amazon.com");
    }
    assertThat(validationCases())
        .allSatisfy(a -> assertThat(((JsonNode) a.get()[1]).path("source").asText()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evaluationCases")
  void evaluation(String name, JsonNode c, String nowText) throws Exception {
    Instant now = Instant.parse(c.path("now").asText(nowText));
    LifecyclePolicy policy =
        LifecyclePolicy.parse(Json.mapper().writeValueAsString(c.path("policy")));
    Map<Digest, String> names = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    List<LifecycleImage> images = new ArrayList<>();
    for (JsonNode i : c.path("images")) {
      String n = i.path("name").asText();
      names.put(digest(n), n);
      List<String> tags = new ArrayList<>();
      i.path("tags").forEach(t -> tags.add(t.asText()));
      images.add(
          new LifecycleImage(
              digest(n),
              tags,
              ago(now, i.path("pushedDaysAgo")).orElseThrow(),
              ago(now, i.path("pulledDaysAgo")),
              ImageStatus.valueOf(i.path("status").asText("ACTIVE")),
              ago(now, i.path("archivedDaysAgo")),
              ago(now, i.path("activatedDaysAgo")),
              i.hasNonNull("subject")
                  ? Optional.of(digest(i.path("subject").asText()))
                  : Optional.empty(),
              i.path("listedByIndex").asBoolean(false)));
    }
    Map<String, Integer> expired = new TreeMap<>();
    Map<String, Integer> transitioned = new TreeMap<>();
    for (Verdict v : Evaluator.evaluate(policy, images, now)) {
      String n = names.get(v.image().digest());
      if (v.action() == ActionType.EXPIRE) {
        expired.put(n, v.appliedRulePriority());
      } else {
        assertThat(v.target()).contains(StorageClass.ARCHIVE);
        transitioned.put(n, v.appliedRulePriority());
      }
    }
    assertThat(expired).as("expired (image -> rule priority)").isEqualTo(expected(c, "expire"));
    assertThat(transitioned)
        .as("transitioned (image -> rule priority)")
        .isEqualTo(expected(c, "transition"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validationCases")
  void validation(String name, JsonNode c) throws Exception {
    String text =
        c.has("text")
            ? c.path("text").asText()
            : Json.mapper().writeValueAsString(c.path("policy"));
    if (c.path("error").isNull()) {
      assertThat(LifecyclePolicy.parse(text).rules()).isNotEmpty();
      return;
    }
    assertThatThrownBy(() -> LifecyclePolicy.parse(text))
        .isInstanceOf(RegistryException.class)
        .satisfies(
            e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.INVALID_PARAMETER))
        .hasMessage(
            "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle"
                + " policy validation failure: "
                + c.path("error").asText()
                + "'");
  }

  private static Map<String, Integer> expected(JsonNode c, String field) {
    Map<String, Integer> out = new TreeMap<>();
    c.path(field).properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }

  private static Optional<Instant> ago(Instant now, JsonNode days) {
    if (days.isMissingNode() || days.isNull()) {
      return Optional.empty();
    }
    return Optional.of(now.minus(Duration.ofSeconds(Math.round(days.asDouble() * 86_400))));
  }

  static Digest digest(String name) {
    return Digest.sha256(Hashing.sha256().digest(name.getBytes(StandardCharsets.UTF_8)));
  }
}
