package dev.berth.api.awsjson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** An AWS service model ({@code service-2.json}) loaded from the classpath. */
public final class ServiceModel {
  private final JsonNode root;

  private ServiceModel(JsonNode root) {
    this.root = root;
  }

  /** Loads {@code /models/<name>} from the classpath. */
  public static ServiceModel load(String resource) {
    try (InputStream in = ServiceModel.class.getResourceAsStream("/models/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing service model " + resource);
      }
      return new ServiceModel(Json.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String targetPrefix() {
    return root.path("metadata").path("targetPrefix").asText();
  }

  public Set<String> operations() {
    Set<String> out = new TreeSet<>();
    root.path("operations").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The operation's input shape name, if it has one. */
  public Optional<String> inputShape(String operation) {
    return Optional.ofNullable(root.path("operations").path(operation).path("input").get("shape"))
        .map(JsonNode::asText);
  }

  public Optional<String> outputShape(String operation) {
    return Optional.ofNullable(root.path("operations").path(operation).path("output").get("shape"))
        .map(JsonNode::asText);
  }

  /** The operation's definition (input, output, errors, resultWrapper). */
  public JsonNode operationNode(String operation) {
    return root.path("operations").path(operation);
  }

  /** The SigV4 signing name: {@code signingName}, else {@code endpointPrefix} (as the SDKs do). */
  public String signingName() {
    JsonNode m = metadata();
    return m.hasNonNull("signingName")
        ? m.get("signingName").asText()
        : m.path("endpointPrefix").asText();
  }

  /** The model's metadata (protocol, apiVersion, xmlNamespace, ...). */
  public JsonNode metadata() {
    return root.path("metadata");
  }

  /** Exception shape names the operation may answer. */
  public List<String> errors(String operation) {
    List<String> out = new ArrayList<>();
    root.path("operations")
        .path(operation)
        .path("errors")
        .forEach(e -> out.add(e.path("shape").asText()));
    return out;
  }

  /** The names of the model's exception shapes. */
  public Set<String> exceptions() {
    Set<String> out = new TreeSet<>();
    root.path("shapes")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().path("exception").asBoolean(false)) {
                out.add(e.getKey());
              }
            });
    return out;
  }

  /** A shape's definition; throws when the model lacks it. */
  public JsonNode shape(String name) {
    JsonNode s = root.path("shapes").get(name);
    if (s == null) {
      throw new IllegalArgumentException("no shape " + name);
    }
    return s;
  }

  /**
   * {@code value} with only what shape {@code name} holds: members it does not declare are left
   * out, recursively through structures, lists and maps, so a response built for a richer shape of
   * another service's model answers with this model's shape.
   */
  public JsonNode project(String name, JsonNode value) {
    JsonNode shape = shape(name);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        if (!value.isObject()) {
          return value;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.mapper().createObjectNode();
        JsonNode members = shape.path("members");
        value
            .properties()
            .forEach(
                e -> {
                  JsonNode member = members.get(e.getKey());
                  if (member != null) {
                    out.set(e.getKey(), project(member.path("shape").asText(), e.getValue()));
                  }
                });
        return out;
      }
      case "list" -> {
        if (!value.isArray()) {
          return value;
        }
        com.fasterxml.jackson.databind.node.ArrayNode out = Json.mapper().createArrayNode();
        String member = shape.path("member").path("shape").asText();
        value.forEach(v -> out.add(project(member, v)));
        return out;
      }
      case "map" -> {
        if (!value.isObject()) {
          return value;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.mapper().createObjectNode();
        String member = shape.path("value").path("shape").asText();
        value.properties().forEach(e -> out.set(e.getKey(), project(member, e.getValue())));
        return out;
      }
      default -> {
        return value;
      }
    }
  }
}
