package dev.berth.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates policy documents; every failure is a {@code MALFORMED_POLICY} error. */
final class PolicyParser {
  private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
  private static final Set<String> ELEMENTS =
      Set.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  private static final Pattern VENDOR = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern ALPHANUMERIC = Pattern.compile("[0-9A-Za-z]*");
  private static final String NEEDS_VENDOR =
      "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";

  private PolicyParser() {}

  /**
   * Parses a document. With {@code checkValues} every condition value must be of its operator's
   * type (a number, a date, an IP address or CIDR, {@code true} or {@code false}, base64): a value
   * that is not could never match, and under a negated operator it would match every request.
   */
  static Policy parse(String text, PolicyKind kind, SizeLimit limit, boolean checkValues) {
    if (text == null || text.isBlank()) {
      throw Malformed.syntax("The policy document is empty.");
    }
    if (limit.measure(text) > limit.maxChars()) {
      throw Malformed.of("Cannot exceed quota for PolicySize: " + limit.maxChars());
    }
    JsonNode root = read(text);
    if (!root.isObject()) {
      throw Malformed.syntax("The policy must be a JSON object.");
    }
    for (String name : names(root)) {
      if (!TOP.contains(name)) {
        throw Malformed.syntax("Unknown element '" + name + "'.");
      }
    }
    String version = Policy.VERSION_2008;
    JsonNode v = root.get("Version");
    if (v != null) {
      if (!v.isTextual()
          || !(v.asText().equals(Policy.VERSION_2012) || v.asText().equals(Policy.VERSION_2008))) {
        throw Malformed.of("The policy must contain a valid version string");
      }
      version = v.asText();
    }
    JsonNode id = root.get("Id");
    if (id != null && !id.isTextual()) {
      throw Malformed.syntax("Id must be a string.");
    }
    boolean variables = version.equals(Policy.VERSION_2012);
    List<Statement> statements = new ArrayList<>();
    for (JsonNode s : statementNodes(root.get("Statement"))) {
      statements.add(statement(s, statements.size(), kind, variables, checkValues));
    }
    Policy policy = new Policy(text, kind, version, statements);
    if (kind == PolicyKind.IDENTITY) {
      policy.requireUniqueSids();
    }
    return policy;
  }

  private static JsonNode read(String text) {
    try {
      return Json.mapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readTree(text);
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      if (detail.length() > 160) {
        detail = detail.substring(0, 160) + "...";
      }
      JsonLocation at = e.getLocation();
      if (at != null) {
        detail += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      }
      throw Malformed.syntax("Invalid JSON: " + detail);
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<JsonNode> statementNodes(JsonNode node) {
    if (node == null) {
      throw Malformed.of("Missing required field Statement");
    }
    List<JsonNode> out = new ArrayList<>();
    if (node.isObject()) {
      out.add(node);
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        if (!n.isObject()) {
          throw Malformed.syntax("Each statement must be a JSON object.");
        }
        out.add(n);
      }
      if (out.isEmpty()) {
        throw Malformed.syntax("Statement must contain at least one statement.");
      }
    } else {
      throw Malformed.syntax("Statement must be an object or a list of objects.");
    }
    return out;
  }

  private static Statement statement(
      JsonNode s, int index, PolicyKind kind, boolean variables, boolean checkValues) {
    for (String name : names(s)) {
      if (!ELEMENTS.contains(name)) {
        throw Malformed.syntax("Unknown element '" + name + "' in statement " + (index + 1) + ".");
      }
    }
    String sid = "";
    JsonNode sidNode = s.get("Sid");
    if (sidNode != null) {
      if (!sidNode.isTextual()) {
        throw Malformed.syntax("Sid must be a string.");
      }
      sid = sidNode.asText();
      if (kind == PolicyKind.IDENTITY && !ALPHANUMERIC.matcher(sid).matches()) {
        throw Malformed.of(
            "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the"
                + " regular expression [0-9A-Za-z]*");
      }
    }
    return new Statement(
        index,
        sid,
        effect(s.get("Effect")),
        principal(s, kind),
        action(s),
        resource(s, kind, variables),
        conditions(s.get("Condition"), variables, checkValues));
  }

  private static Effect effect(JsonNode node) {
    if (node == null) {
      throw Malformed.of("Missing required field Effect");
    }
    String text = node.isTextual() ? node.asText() : node.toString();
    return switch (text) {
      case "Allow" -> Effect.ALLOW;
      case "Deny" -> Effect.DENY;
      default -> throw Malformed.of("Invalid effect: " + text);
    };
  }

  private static PrincipalSpec principal(JsonNode s, PolicyKind kind) {
    JsonNode p = s.get("Principal");
    JsonNode np = s.get("NotPrincipal");
    if (kind == PolicyKind.IDENTITY) {
      if (p != null || np != null) {
        throw Malformed.of("Policy document should not specify a principal.");
      }
      return PrincipalSpec.NONE;
    }
    if (p != null && np != null) {
      throw Malformed.syntax("A statement may contain only one of Principal and NotPrincipal.");
    }
    if (p == null && np == null) {
      throw Malformed.of("Missing required field Principal");
    }
    return p != null ? PrincipalSpec.parse(p, false) : PrincipalSpec.parse(np, true);
  }

  private static ActionSpec action(JsonNode s) {
    JsonNode a = s.get("Action");
    JsonNode na = s.get("NotAction");
    if (a != null && na != null) {
      throw Malformed.syntax("A statement may contain only one of Action and NotAction.");
    }
    JsonNode node = a != null ? a : na;
    List<String> actions = node == null ? List.of() : strings(node, "Action");
    if (actions.isEmpty()) {
      throw Malformed.of("Policy statement must contain actions.");
    }
    for (String action : actions) {
      if (action.equals("*")) {
        continue;
      }
      int colon = action.indexOf(':');
      if (colon < 1) {
        throw Malformed.of(NEEDS_VENDOR);
      }
      String vendor = action.substring(0, colon);
      if (!VENDOR.matcher(vendor).matches()) {
        throw Malformed.of("Vendor " + vendor + " is not valid");
      }
    }
    return new ActionSpec(actions, a == null);
  }

  private static ResourceSpec resource(JsonNode s, PolicyKind kind, boolean variables) {
    JsonNode r = s.get("Resource");
    JsonNode nr = s.get("NotResource");
    if (r != null && nr != null) {
      throw Malformed.syntax("A statement may contain only one of Resource and NotResource.");
    }
    if (r == null && nr == null) {
      if (kind == PolicyKind.IDENTITY) {
        throw Malformed.of("Policy statement must contain resources.");
      }
      return ResourceSpec.ATTACHED;
    }
    List<String> resources = strings(r != null ? r : nr, "Resource");
    if (resources.isEmpty()) {
      throw Malformed.of("Policy statement must contain resources.");
    }
    List<Template> patterns = new ArrayList<>();
    for (String resource : resources) {
      Template t = Template.compile(resource, variables);
      String plain = t.withoutVariables();
      // arn:partition:service:... (a trailing * may stand for the remaining segments).
      boolean arn = plain.startsWith("arn:") && plain.chars().filter(c -> c == ':').count() >= 3;
      if (!resource.equals("*") && !arn) {
        throw Malformed.of("Resource " + resource + " must be in ARN format or \"*\".");
      }
      patterns.add(t);
    }
    return new ResourceSpec(patterns, r == null, true);
  }

  private static List<Condition> conditions(JsonNode node, boolean variables, boolean checkValues) {
    if (node == null) {
      return List.of();
    }
    if (!node.isObject()) {
      throw Malformed.syntax("Condition must be an object.");
    }
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> block : node.properties()) {
      ConditionOperator op =
          ConditionOperator.parse(block.getKey())
              .orElseThrow(() -> Malformed.of("Invalid Condition type : " + block.getKey()));
      if (!block.getValue().isObject()) {
        throw Malformed.syntax("Condition " + block.getKey() + " must map keys to values.");
      }
      for (Map.Entry<String, JsonNode> key : block.getValue().properties()) {
        if (key.getKey().indexOf(':') < 1) {
          throw Malformed.of(NEEDS_VENDOR);
        }
        List<Template> values = new ArrayList<>();
        for (String v : conditionValues(key.getValue())) {
          if (checkValues) {
            ConditionValues.check(op, key.getKey(), v);
          }
          values.add(Template.compile(v, variables && op.takesVariables()));
        }
        out.add(new Condition(op, key.getKey(), values));
      }
    }
    return out;
  }

  private static List<String> conditionValues(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode n : node) {
        out.add(scalar(n));
      }
    } else {
      out.add(scalar(node));
    }
    return out;
  }

  private static String scalar(JsonNode n) {
    if (n.isTextual() || n.isNumber() || n.isBoolean()) {
      return n.asText();
    }
    throw Malformed.syntax("Condition values must be strings, numbers or booleans.");
  }

  /** A string or a list of strings. */
  private static List<String> strings(JsonNode node, String element) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          throw Malformed.syntax(element + " values must be strings.");
        }
        out.add(n.asText());
      }
    } else {
      throw Malformed.syntax(element + " must be a string or a list of strings.");
    }
    return out;
  }
}
