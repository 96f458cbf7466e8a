package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lifecycle policy's rules as people read them ("Untagged images pushed more than 14 days ago:
 * expire"). Only for display: the registry validates the text; what it cannot read is shown raw.
 */
final class LifecycleRules {
  private LifecycleRules() {}

  /** One model per rule, in priority order; empty when the text is not a readable policy. */
  static List<Model> describe(String policyText) {
    JsonNode rules;
    try {
      rules = Json.mapper().readTree(policyText).path("rules");
    } catch (java.io.IOException | RuntimeException e) {
      return List.of();
    }
    List<JsonNode> sorted = new ArrayList<>();
    rules.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparingInt(n -> n.path("rulePriority").asInt()));
    List<Model> out = new ArrayList<>();
    for (JsonNode rule : sorted) {
      out.add(
          new Model()
              .with("priority", rule.path("rulePriority").asText())
              .with("description", rule.path("description").asText(""))
              .with("selection", selection(rule.path("selection")))
              .with("action", action(rule.path("action"))));
    }
    return out;
  }

  /** The description of the rule with this priority in the policy, if it has one. */
  static Optional<String> descriptionOf(String policyText, int priority) {
    return describe(policyText).stream()
        .filter(m -> String.valueOf(priority).equals(m.get("priority")))
        .map(m -> (String) m.get("description"))
        .filter(d -> !d.isBlank())
        .findFirst();
  }

  static String selection(JsonNode s) {
    String images =
        switch (s.path("tagStatus").asText()) {
          case "untagged" -> "Untagged images";
          case "any" -> "All images";
          default -> taggedImages(s);
        };
    String storage =
        "archive".equalsIgnoreCase(s.path("storageClass").asText())
            ? " in the archive storage class"
            : "";
    long n = s.path("countNumber").asLong();
    String days = n + " day" + (n == 1 ? "" : "s");
    String count =
        switch (s.path("countType").asText()) {
          case "imageCountMoreThan" -> ", beyond the newest " + n;
          case "sinceImagePushed" -> " pushed more than " + days + " ago";
          case "sinceImagePulled" -> " not pulled for more than " + days;
          case "sinceImageTransitioned" -> " archived more than " + days + " ago";
          default -> "";
        };
    return images + storage + count;
  }

  private static String taggedImages(JsonNode s) {
    if (s.has("tagPatternList")) {
      return "Images with a tag matching " + list(s.path("tagPatternList"));
    }
    if (s.has("tagPrefixList")) {
      return "Images with a tag starting with " + list(s.path("tagPrefixList"));
    }
    return "Tagged images";
  }

  private static String list(JsonNode values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add("“" + v.asText() + "”"));
    if (quoted.size() <= 1) {
      return String.join("", quoted);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1))
        + " or "
        + quoted.get(quoted.size() - 1);
  }

  static String action(JsonNode a) {
    return "transition".equals(a.path("type").asText())
        ? "Move to the " + a.path("targetStorageClass").asText("archive") + " storage class"
        : "Expire (delete)";
  }
}
