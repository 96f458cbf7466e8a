package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An image config (OCI or Docker) as the detail page shows it. */
final class ConfigView {
  private ConfigView() {}

  /** The model of a config document; empty when it is not JSON. */
  static Optional<Model> of(byte[] bytes, Instant now) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    JsonNode c = root.path("config");
    Model m =
        new Model()
            .with(
                "platform",
                join(root.path("os").asText(""), root.path("architecture").asText(""))
                    + (root.hasNonNull("variant") ? "/" + root.path("variant").asText() : ""))
            .with("author", root.path("author").asText(""))
            .with("env", strings(c.path("Env")))
            .with("entrypoint", command(c.path("Entrypoint")))
            .with("cmd", command(c.path("Cmd")))
            .with("workingDir", c.path("WorkingDir").asText(""))
            .with("user", c.path("User").asText(""))
            .with("stopSignal", c.path("StopSignal").asText(""))
            .with("ports", keys(c.path("ExposedPorts")))
            .with("labels", pairs(c.path("Labels")))
            .with("history", history(root.path("history"), now));
    m.with("created", time(root.path("created").asText(""), now).<Object>map(t -> t).orElse(""));
    return Optional.of(m);
  }

  private static String join(String os, String arch) {
    return os.isEmpty() && arch.isEmpty() ? "" : os + "/" + arch;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** A command as the JSON array Docker writes it ({@code ["/bin/sh","-c","..."]}). */
  private static String command(JsonNode array) {
    return array.isArray() && !array.isEmpty() ? array.toString() : "";
  }

  private static List<String> keys(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<Model> pairs(JsonNode object) {
    List<Model> out = new ArrayList<>();
    for (var e : object.properties()) {
      out.add(Model.of("key", e.getKey()).with("value", e.getValue().asText()));
    }
    return out;
  }

  private static List<Model> history(JsonNode array, Instant now) {
    List<Model> out = new ArrayList<>();
    int step = 1;
    for (JsonNode h : array) {
      Model m =
          new Model()
              .with("step", step++)
              .with("createdBy", h.path("created_by").asText(""))
              .with("comment", h.path("comment").asText(""))
              .with("empty", h.path("empty_layer").asBoolean(false));
      m.with("created", time(h.path("created").asText(""), now).<Object>map(t -> t).orElse(""));
      out.add(m);
    }
    return out;
  }

  private static Optional<Model> time(String iso, Instant now) {
    if (iso.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Formats.time(Instant.parse(iso), now));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
