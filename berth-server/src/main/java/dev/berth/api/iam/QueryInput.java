package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.awsjson.ServiceModel;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns query-protocol parameters ({@code UserName=alice}, {@code Tags.member.1.Key=k}, {@code
 * PolicyArns.member.2=...}) into a JSON tree shaped like the operation's input shape, so the same
 * validator and operations serve both protocols. Scalars keep their text when they do not parse, so
 * validation reports them.
 */
final class QueryInput {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ServiceModel model;

  QueryInput(ServiceModel model) {
    this.model = model;
  }

  ObjectNode read(String shapeName, Map<String, String> params) {
    return structure(shapeName, "", params);
  }

  private ObjectNode structure(String shapeName, String prefix, Map<String, String> params) {
    ObjectNode out = F.objectNode();
    JsonNode members = model.shape(shapeName).path("members");
    members
        .properties()
        .forEach(
            e -> {
              String name = e.getValue().path("locationName").asText(e.getKey());
              JsonNode value = value(e.getValue().path("shape").asText(), prefix + name, params);
              if (value != null) {
                out.set(e.getKey(), value);
              }
            });
    return out;
  }

  /** The member's value, or null when the request does not carry it. */
  private @Nullable JsonNode value(String shapeName, String key, Map<String, String> params) {
    JsonNode shape = model.shape(shapeName);
    return switch (shape.path("type").asText()) {
      case "structure" ->
          hasPrefix(params, key + ".") ? structure(shapeName, key + ".", params) : null;
      case "list" -> list(shape, key, params);
      case "map" -> map(shape, key, params);
      default -> {
        String text = params.get(key);
        yield text == null ? null : scalar(shape.path("type").asText(), text);
      }
    };
  }

  private @Nullable JsonNode list(JsonNode shape, String key, Map<String, String> params) {
    String member = shape.path("member").path("shape").asText();
    if (params.containsKey(key) && params.get(key).isEmpty()) {
      return F.arrayNode();
    }
    ArrayNode list = F.arrayNode();
    for (int i = 1; ; i++) {
      JsonNode v = value(member, key + ".member." + i, params);
      if (v == null) {
        break;
      }
      list.add(v);
    }
    return list.isEmpty() ? null : list;
  }

  private @Nullable JsonNode map(JsonNode shape, String key, Map<String, String> params) {
    ObjectNode map = F.objectNode();
    for (int i = 1; params.containsKey(key + ".entry." + i + ".key"); i++) {
      map.set(
          params.get(key + ".entry." + i + ".key"),
          value(
              shape.path("value").path("shape").asText(), key + ".entry." + i + ".value", params));
    }
    return map.isEmpty() ? null : map;
  }

  private static JsonNode scalar(String type, String text) {
    try {
      return switch (type) {
        case "integer", "long" -> F.numberNode(Long.parseLong(text));
        case "boolean" ->
            "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)
                ? F.booleanNode(Boolean.parseBoolean(text))
                : F.textNode(text);
        default -> F.textNode(text);
      };
    } catch (NumberFormatException e) {
      return F.textNode(text);
    }
  }

  private static boolean hasPrefix(Map<String, String> params, String prefix) {
    for (String k : params.keySet()) {
      if (k.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
