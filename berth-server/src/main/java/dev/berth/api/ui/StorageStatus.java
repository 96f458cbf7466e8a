package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An image's storage class as DescribeImages reports it ({@code imageStatus} and its times). */
final class StorageStatus {
  private StorageStatus() {}

  /** {@code archived} / {@code activating} / {@code active} flags and a label for templates. */
  static Model of(JsonNode detail) {
    String status = detail.path("imageStatus").asText("ACTIVE");
    return new Model()
        .with("archived", "ARCHIVED".equals(status))
        .with("activating", "ACTIVATING".equals(status))
        .with("active", !"ARCHIVED".equals(status) && !"ACTIVATING".equals(status))
        .with(
            "label",
            switch (status) {
              case "ARCHIVED" -> "Archived";
              case "ACTIVATING" -> "Restoring from the archive";
              default -> "Standard";
            });
  }

  /** When the image was last archived and last restored, as far as DescribeImages says. */
  static List<Model> times(JsonNode detail, Instant now) {
    List<Model> out = new ArrayList<>();
    add(out, detail, "lastArchivedAt", "Last archived", now);
    add(out, detail, "lastActivatedAt", "Last restored", now);
    return out;
  }

  private static void add(
      List<Model> out, JsonNode detail, String field, String label, Instant now) {
    if (detail.path(field).isNumber()) {
      out.add(
          Model.of("label", label)
              .with(
                  "time", Formats.time(Formats.epochSeconds(detail.path(field).asDouble()), now)));
    }
  }
}
