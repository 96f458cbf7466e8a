package dev.berth.lifecycle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.ImageStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the lifecycle policy parser and the evaluator: any text either parses or fails with {@code
 * INVALID_PARAMETER} in ECR's wording, and a policy that parses evaluates over a small repository
 * (tagged, untagged, archived, an index child and a referrer) without throwing, acting on each
 * image at most once. In a plain build only the seed corpus in {@code
 * LifecyclePolicyFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class LifecyclePolicyFuzzTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final List<LifecycleImage> IMAGES =
      List.of(
          image("a", List.of("v1", "prod-1"), 40, ImageStatus.ACTIVE, Optional.empty(), false),
          image("b", List.of(), 10, ImageStatus.ACTIVE, Optional.empty(), false),
          image("c", List.of("latest"), 400, ImageStatus.ARCHIVED, Optional.empty(), false),
          image("d", List.of(), 400, ImageStatus.ACTIVE, Optional.empty(), true),
          image("e", List.of(), 5, ImageStatus.ACTIVE, Optional.of("a"), false));

  private static LifecycleImage image(
      String name,
      List<String> tags,
      int days,
      ImageStatus status,
      Optional<String> subject,
      boolean listed) {
    Instant pushed = NOW.minus(Duration.ofDays(days));
    return new LifecycleImage(
        RuleTableTest.digest(name),
        tags,
        pushed,
        Optional.empty(),
        status,
        status == ImageStatus.ARCHIVED ? Optional.of(pushed.plusSeconds(1)) : Optional.empty(),
        Optional.empty(),
        subject.map(RuleTableTest::digest),
        listed);
  }

  @FuzzTest(maxDuration = "10m")
  void parseAndEvaluate(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    LifecyclePolicy policy;
    try {
      policy = LifecyclePolicy.parse(text);
    } catch (RegistryException e) {
      if (e.kind() != ErrorKind.INVALID_PARAMETER
          || !e.getMessage()
              .startsWith(
                  "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint:"
                      + " 'Lifecycle policy validation failure: ")) {
        throw new AssertionError("unexpected refusal: " + e.getMessage(), e);
      }
      return;
    }
    List<Verdict> verdicts = Evaluator.evaluate(policy, IMAGES, NOW);
    if (verdicts.stream().map(v -> v.image().digest()).distinct().count() != verdicts.size()) {
      throw new AssertionError("an image was acted on twice");
    }
    if (verdicts.stream().anyMatch(v -> v.image().listedByIndex())) {
      throw new AssertionError("an index child was acted on");
    }
  }
}
