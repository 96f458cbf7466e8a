package dev.berth.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.TagStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses and validates lifecycle policy text as ECR does: first the JSON schema (answered in the
 * schema validator's words ECR passes through, e.g. {@code object has missing required properties
 * (["rules"])} or {@code instance failed to match exactly one schema (matched 0 out of 2)}), then
 * the rules of "Lifecycle policy properties" and "Lifecycle policy evaluation rules" (ECR's own
 * sentences where clients have reported them, e.g. {@code Only one rule can select Untagged images
 * per storage class.}). Every failure is {@code InvalidParameterException} worded {@code Invalid
 * parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation
 * failure: ...'}.
 */
final class PolicyParser {
  /** ECR's floor for {@code sinceImageTransitioned}: archived images stay at least 90 days. */
  static final int MINIMUM_ARCHIVE_DAYS = 90;

  private static final Set<String> RULE_REQUIRED = Set.of("rulePriority", "selection", "action");
  private static final Set<String> RULE_ALLOWED =
      Set.of("rulePriority", "description", "selection", "action");
  private static final Set<String> SELECTION_REQUIRED =
      Set.of("tagStatus", "countType", "countNumber");
  private static final Set<String> SELECTION_ALLOWED =
      Set.of(
          "tagStatus",
          "tagPatternList",
          "tagPrefixList",
          "storageClass",
          "countType",
          "countUnit",
          "countNumber");
  private static final Set<String> ACTION_ALLOWED = Set.of("type", "targetStorageClass");
  private static final String ONE_OF =
      "instance failed to match exactly one schema (matched 0 out of 2)";

  private PolicyParser() {}

  static LifecyclePolicy parse(String text) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (IOException e) {
      throw invalid("Could not map policyString into LifecyclePolicy.");
    }
    if (root == null || !root.isObject()) {
      throw invalid("Could not map policyString into LifecyclePolicy.");
    }
    properties(root, Set.of("rules"), Set.of("rules"));
    JsonNode rules = root.get("rules");
    type(rules, JsonNodeType.ARRAY);
    if (rules.isEmpty()) {
      throw invalid(tooShort(0));
    }
    List<Rule> parsed = new ArrayList<>();
    for (JsonNode rule : rules) {
      parsed.add(rule(rule));
    }
    checkTogether(parsed);
    return new LifecyclePolicy(parsed);
  }

  private static Rule rule(JsonNode rule) {
    type(rule, JsonNodeType.OBJECT);
    properties(rule, RULE_REQUIRED, RULE_ALLOWED);
    int priority = integer(rule.get("rulePriority"));
    Optional<String> description = Optional.empty();
    if (rule.has("description")) {
      type(rule.get("description"), JsonNodeType.STRING);
      description = Optional.of(rule.get("description").asText());
    }
    JsonNode selection = rule.get("selection");
    type(selection, JsonNodeType.OBJECT);
    properties(selection, SELECTION_REQUIRED, SELECTION_ALLOWED);
    TagStatus tagStatus =
        TagStatus.valueOf(
            enumValue(selection.get("tagStatus"), "any", "tagged", "untagged")
                .toUpperCase(Locale.ROOT));
    List<String> prefixes = strings(selection.get("tagPrefixList"));
    List<String> patterns = strings(selection.get("tagPatternList"));
    Optional<StorageClass> storageClass =
        Optional.ofNullable(selection.get("storageClass"))
            .map(
                n ->
                    StorageClass.valueOf(
                        enumValue(n, "archive", "standard").toUpperCase(Locale.ROOT)));
    JsonNode countTypeNode = selection.get("countType");
    type(countTypeNode, JsonNodeType.STRING);
    int countNumber = integer(selection.get("countNumber"));
    Optional<CountType> countType = CountType.of(countTypeNode.asText());
    JsonNode countUnit = selection.get("countUnit");
    // The schema's oneOf: a count by number (no countUnit, not even null) or a count by age
    // (countUnit days).
    if (countType.isEmpty()
        || countType.get().isAge() != (countUnit != null)
        || (countUnit != null && !(countUnit.isTextual() && "days".equals(countUnit.asText())))) {
      throw invalid(ONE_OF);
    }
    ActionParts action = action(rule.get("action"));
    return semantic(
        new Rule(
            priority,
            description,
            tagStatus,
            prefixes,
            patterns(patterns),
            storageClass.orElse(
                countType.get() == CountType.SINCE_IMAGE_TRANSITIONED
                    ? StorageClass.ARCHIVE
                    : StorageClass.STANDARD),
            countType.get(),
            countNumber,
            action.type(),
            action.target()),
        storageClass);
  }

  private record ActionParts(ActionType type, Optional<StorageClass> target) {}

  private static ActionParts action(JsonNode action) {
    type(action, JsonNodeType.OBJECT);
    properties(action, Set.of("type"), ACTION_ALLOWED);
    ActionType type =
        ActionType.valueOf(
            enumValue(action.get("type"), "expire", "transition").toUpperCase(Locale.ROOT));
    JsonNode target = action.get("targetStorageClass");
    // The schema's oneOf: {type: expire} or {type: transition, targetStorageClass: archive}.
    if ((type == ActionType.TRANSITION) != (target != null)) {
      throw invalid(ONE_OF);
    }
    if (target == null) {
      return new ActionParts(type, Optional.empty());
    }
    enumValue(target, "archive");
    return new ActionParts(type, Optional.of(StorageClass.ARCHIVE));
  }

  /** The rules of "Lifecycle policy properties" that concern one rule. */
  private static Rule semantic(Rule r, Optional<StorageClass> declared) {
    boolean lists = !r.tagPrefixes().isEmpty() || !r.tagPatterns().isEmpty();
    if (!r.tagPrefixes().isEmpty() && !r.tagPatterns().isEmpty()) {
      throw invalid("A rule may specify either tagPatternList or tagPrefixList, but not both.");
    }
    if (r.tagStatus() == TagStatus.TAGGED && !lists) {
      throw invalid("Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.");
    }
    if (r.tagStatus() != TagStatus.TAGGED && lists) {
      throw invalid(
          "tagPrefixList and tagPatternList may only be used when tagStatus=TAGGED, not tagStatus="
              + r.tagStatus()
              + ".");
    }
    if (r.countType() == CountType.SINCE_IMAGE_TRANSITIONED) {
      if (declared.isEmpty()) {
        throw invalid("storageClass is required when countType=sinceImageTransitioned.");
      }
      if (r.storageClass() != StorageClass.ARCHIVE) {
        throw invalid("countType=sinceImageTransitioned supports only storageClass=archive.");
      }
      if (r.action() != ActionType.EXPIRE) {
        throw invalid("countType=sinceImageTransitioned may only be used with action type=expire.");
      }
      if (r.countNumber() < MINIMUM_ARCHIVE_DAYS) {
        throw invalid(
            "Archived images must stay in archive for at least "
                + MINIMUM_ARCHIVE_DAYS
                + " days: countNumber "
                + r.countNumber()
                + " is below "
                + MINIMUM_ARCHIVE_DAYS
                + ".");
      }
    } else if (r.storageClass() != StorageClass.STANDARD) {
      throw invalid(
          "countType=" + r.countType().policyName() + " supports only storageClass=standard.");
    }
    if (r.countType() == CountType.SINCE_IMAGE_PULLED && r.action() != ActionType.TRANSITION) {
      throw invalid("countType=sinceImagePulled may only be used with action type=transition.");
    }
    return r;
  }

  /** The rules of "Lifecycle policy evaluation rules" across rules. */
  private static void checkTogether(List<Rule> rules) {
    Set<Integer> priorities = new HashSet<>();
    for (Rule r : rules) {
      if (!priorities.add(r.priority())) {
        throw invalid("Rule priorities must be unique: rulePriority " + r.priority() + " repeats.");
      }
    }
    Map<StorageClass, Integer> highest = new HashMap<>();
    Map<StorageClass, Integer> untagged = new HashMap<>();
    Map<StorageClass, Set<Set<String>>> prefixSets = new HashMap<>();
    for (Rule r : rules) {
      highest.merge(r.storageClass(), r.priority(), Math::max);
      if (r.tagStatus() == TagStatus.UNTAGGED
          && untagged.merge(r.storageClass(), 1, Integer::sum) > 1) {
        throw invalid("Only one rule can select Untagged images per storage class.");
      }
      if (!r.tagPrefixes().isEmpty()
          && !prefixSets
              .computeIfAbsent(r.storageClass(), k -> new HashSet<>())
              .add(new TreeSet<>(r.tagPrefixes()))) {
        throw invalid(
            "The rules selecting a storage class must have unique tag prefixes: "
                + new TreeSet<>(r.tagPrefixes())
                + " repeats.");
      }
    }
    for (Rule r : rules) {
      if (r.tagStatus() == TagStatus.ANY
          && !Integer.valueOf(r.priority()).equals(highest.get(r.storageClass()))) {
        throw invalid("Rule for tagStatus=ANY must have the lowest priority per storage class");
      }
    }
  }

  private static List<TagPattern> patterns(List<String> texts) {
    List<TagPattern> out = new ArrayList<>();
    for (String t : texts) {
      if (TagPattern.wildcards(t) > TagPattern.MAX_WILDCARDS) {
        throw invalid(
            "Each tagPatternList entry may contain at most "
                + TagPattern.MAX_WILDCARDS
                + " wildcards (*): '"
                + t
                + "' has "
                + TagPattern.wildcards(t)
                + ".");
      }
      out.add(new TagPattern(t));
    }
    return out;
  }

  /** A non-empty list of non-empty strings, or empty when absent. */
  private static List<String> strings(JsonNode list) {
    if (list == null) {
      return List.of();
    }
    type(list, JsonNodeType.ARRAY);
    if (list.isEmpty()) {
      throw invalid(tooShort(0));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : list) {
      type(item, JsonNodeType.STRING);
      if (item.asText().isEmpty()) {
        throw invalid("string \"\" is too short (length: 0, required minimum: 1)");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static int integer(JsonNode n) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      if (n.isIntegralNumber()) {
        throw invalid("numeric instance is greater than the allowed maximum");
      }
      throw invalid(typeMismatch(n, "integer"));
    }
    if (n.intValue() < 1) {
      throw invalid(
          "numeric instance is lower than the required minimum (minimum: 1, found: "
              + n.intValue()
              + ")");
    }
    return n.intValue();
  }

  private static String enumValue(JsonNode n, String... values) {
    type(n, JsonNodeType.STRING);
    for (String v : values) {
      if (v.equals(n.asText())) {
        return v;
      }
    }
    throw invalid(
        "instance value ("
            + n
            + ") not found in enum (possible values: "
            + list(List.of(values))
            + ")");
  }

  private static void properties(JsonNode object, Set<String> required, Set<String> allowed) {
    Set<String> missing = new TreeSet<>(required);
    Set<String> extra = new TreeSet<>();
    object
        .fieldNames()
        .forEachRemaining(
            f -> {
              missing.remove(f);
              if (!allowed.contains(f)) {
                extra.add(f);
              }
            });
    if (!missing.isEmpty()) {
      throw invalid("object has missing required properties (" + list(missing) + ")");
    }
    if (!extra.isEmpty()) {
      throw invalid(
          "object instance has properties which are not allowed by the schema: ("
              + list(extra)
              + ")");
    }
  }

  private static void type(JsonNode n, JsonNodeType expected) {
    if (n.getNodeType() != expected) {
      throw invalid(typeMismatch(n, expected.name().toLowerCase(Locale.ROOT)));
    }
  }

  private static String typeMismatch(JsonNode n, String allowed) {
    String actual =
        switch (n.getNodeType()) {
          case NUMBER -> n.isIntegralNumber() ? "integer" : "number";
          case POJO, BINARY, MISSING -> "object";
          default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    return "instance type ("
        + actual
        + ") does not match any allowed primitive type (allowed: [\""
        + allowed
        + "\"])";
  }

  private static String tooShort(int size) {
    return "array is too short: must have at least 1 elements but instance has "
        + size
        + " elements";
  }

  private static String list(java.util.Collection<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : values) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(v).append('"');
    }
    return b.append(']').toString();
  }

  static RegistryException invalid(String detail) {
    return new RegistryException(
        ErrorKind.INVALID_PARAMETER,
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle"
            + " policy validation failure: "
            + detail
            + "'");
  }
}
