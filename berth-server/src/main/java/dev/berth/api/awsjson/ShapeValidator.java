package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a JSON document against a shape of a service model: types, required members, lengths,
 * ranges, patterns, enums, list sizes. Produces AWS-worded violations ("Value 'x' at 'name' failed
 * to satisfy constraint: Member must ...").
 *
 * <p>Input is validated as AWS JSON services do: members the shape does not define are ignored (a
 * newer client may send them). Output can be validated strictly, which also reports every member
 * the shape does not define, so a misspelled response field cannot pass.
 */
public final class ShapeValidator {
  private final ServiceModel model;
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  public ShapeValidator(ServiceModel model) {
    this.model = model;
  }

  /** Violations of {@code value} against {@code shapeName}; empty when valid. */
  public List<String> validate(String shapeName, JsonNode value) {
    return validate(shapeName, value, false);
  }

  /**
   * Violations of {@code value} against {@code shapeName}, members the shape does not define
   * included; for checking responses (issue 9, item 23).
   */
  public List<String> validateOutput(String shapeName, JsonNode value) {
    return validate(shapeName, value, true);
  }

  private List<String> validate(String shapeName, JsonNode value, boolean strict) {
    List<String> out = new ArrayList<>();
    check(shapeName, value, "", out, strict);
    return out;
  }

  private void check(
      String shapeName, JsonNode value, String path, List<String> out, boolean strict) {
    JsonNode shape = model.shape(shapeName);
    String type = shape.path("type").asText();
    switch (type) {
      case "structure" -> structure(shape, value, path, out, strict);
      case "list" -> list(shape, value, path, out, strict);
      case "map" -> map(shape, value, path, out, strict);
      case "string" -> string(shape, value, path, out);
      case "integer", "long" -> number(shape, value, path, out);
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(violation(value, path, "Member must be a boolean"));
        }
      }
      case "timestamp" -> {
        if (!value.isNumber() && !value.isTextual()) {
          out.add(violation(value, path, "Member must be a timestamp"));
        }
      }
      case "blob" -> blob(shape, value, path, out);
      case "double", "float" -> {
        if (!value.isNumber()) {
          out.add(violation(value, path, "Member must be a number"));
        }
      }
      default -> {
        // other shape types carry no constraints here
      }
    }
  }

  private void structure(
      JsonNode shape, JsonNode value, String path, List<String> out, boolean strict) {
    if (!value.isObject()) {
      out.add(violation(value, path, "Member must be a structure"));
      return;
    }
    JsonNode members = shape.path("members");
    for (JsonNode req : shape.path("required")) {
      JsonNode v = value.get(req.asText());
      if (v == null || v.isNull()) {
        out.add(
            "Value null at '"
                + join(path, req.asText())
                + "' failed to satisfy constraint: Member must not be null");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode member = members.get(e.getKey());
      if (member == null) {
        if (strict) {
          out.add(
              violation(
                  e.getValue(), join(path, e.getKey()), "Member is not defined in the shape"));
        }
      } else if (!e.getValue().isNull()) {
        check(member.path("shape").asText(), e.getValue(), join(path, e.getKey()), out, strict);
      }
    }
  }

  private void list(JsonNode shape, JsonNode value, String path, List<String> out, boolean strict) {
    if (!value.isArray()) {
      out.add(violation(value, path, "Member must be a list"));
      return;
    }
    size(shape, value.size(), value, path, "have length", out);
    String member = shape.path("member").path("shape").asText();
    for (int i = 0; i < value.size(); i++) {
      check(member, value.get(i), path + "." + (i + 1) + ".member", out, strict);
    }
  }

  private void map(JsonNode shape, JsonNode value, String path, List<String> out, boolean strict) {
    if (!value.isObject()) {
      out.add(violation(value, path, "Member must be a map"));
      return;
    }
    size(shape, value.size(), value, path, "have length", out);
    String valueShape = shape.path("value").path("shape").asText();
    value
        .properties()
        .forEach(e -> check(valueShape, e.getValue(), join(path, e.getKey()), out, strict));
  }

  private void string(JsonNode shape, JsonNode value, String path, List<String> out) {
    if (!value.isTextual()) {
      out.add(violation(value, path, "Member must be a string"));
      return;
    }
    String s = value.textValue();
    size(shape, s.codePointCount(0, s.length()), value, path, "have length", out);
    JsonNode enumValues = shape.get("enum");
    if (enumValues != null) {
      boolean found = false;
      List<String> allowed = new ArrayList<>();
      for (JsonNode e : enumValues) {
        allowed.add(e.asText());
        found |= e.asText().equals(s);
      }
      if (!found) {
        out.add(violation(value, path, "Member must satisfy enum value set: " + allowed));
      }
    }
    JsonNode pattern = shape.get("pattern");
    if (pattern != null
        && !patterns.computeIfAbsent(pattern.asText(), Pattern::compile).matcher(s).matches()) {
      out.add(
          violation(
              value, path, "Member must satisfy regular expression pattern: " + pattern.asText()));
    }
  }

  private void number(JsonNode shape, JsonNode value, String path, List<String> out) {
    if (!value.isIntegralNumber()) {
      out.add(violation(value, path, "Member must be an integer"));
      return;
    }
    // A number beyond the type's range would wrap when read (2^64 + 1 reads as 1).
    boolean fits =
        "integer".equals(shape.path("type").asText())
            ? value.canConvertToInt()
            : value.canConvertToLong();
    if (!fits) {
      out.add(
          violation(
              value,
              path,
              "Member must be a " + shape.path("type").asText() + " within its range"));
      return;
    }
    long v = value.longValue();
    if (shape.has("min") && v < shape.get("min").asLong()) {
      out.add(
          violation(
              value,
              path,
              "Member must have value greater than or equal to " + shape.get("min").asLong()));
    }
    if (shape.has("max") && v > shape.get("max").asLong()) {
      out.add(
          violation(
              value,
              path,
              "Member must have value less than or equal to " + shape.get("max").asLong()));
    }
  }

  private void blob(JsonNode shape, JsonNode value, String path, List<String> out) {
    if (value instanceof com.fasterxml.jackson.databind.node.POJONode) {
      StreamedBlob.of(value)
          .ifPresentOrElse(
              b -> size(shape, b.length(), value, path, "have length", out),
              () -> out.add(violation(value, path, "Member must be a base64-encoded blob")));
      return;
    }
    if (!value.isTextual()) {
      out.add(violation(value, path, "Member must be a base64-encoded blob"));
      return;
    }
    try {
      int n = Base64.getMimeDecoder().decode(value.textValue()).length;
      size(shape, n, value, path, "have length", out);
    } catch (IllegalArgumentException e) {
      out.add(violation(value, path, "Member must be a base64-encoded blob"));
    }
  }

  private static void size(
      JsonNode shape, long n, JsonNode value, String path, String what, List<String> out) {
    if (shape.has("min") && n < shape.get("min").asLong()) {
      out.add(
          violation(
              value,
              path,
              "Member must " + what + " greater than or equal to " + shape.get("min").asLong()));
    }
    if (shape.has("max") && n > shape.get("max").asLong()) {
      out.add(
          violation(
              value,
              path,
              "Member must " + what + " less than or equal to " + shape.get("max").asLong()));
    }
  }

  private static String violation(JsonNode value, String path, String constraint) {
    String shown =
        value.isTextual()
            ? value.textValue()
            : value instanceof com.fasterxml.jackson.databind.node.POJONode p
                ? String.valueOf(p.getPojo())
                : value.toString();
    if (shown.length() > 256) {
      shown = shown.substring(0, 256) + "...";
    }
    return "Value '" + shown + "' at '" + path + "' failed to satisfy constraint: " + constraint;
  }

  private static String join(String path, String member) {
    return path.isEmpty() ? member : path + "." + member;
  }
}
