package dev.berth.api.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.meta.StoredSecret;
import dev.berth.secrets.SecretDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Secrets Manager's wire shapes: timestamps, tag lists, DescribeSecret and SecretListEntry. */
final class SecretsWire {
  private SecretsWire() {}

  /** AWS JSON timestamps: epoch seconds with millisecond fraction. */
  static double time(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  /** ARN and Name, which every answer starts with. */
  static Map<String, Object> named(StoredSecret s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ARN", s.arn());
    out.put("Name", s.name());
    return out;
  }

  /**
   * DescribeSecret's answer, or a SecretListEntry ({@code versionsKey} {@code
   * SecretVersionsToStages}); members without a value are left out, as AWS does.
   */
  static Map<String, Object> details(SecretDetails d, String versionsKey) {
    StoredSecret s = d.secret();
    Map<String, Object> out = named(s);
    s.description().ifPresent(v -> out.put("Description", v));
    s.kmsKeyId().ifPresent(v -> out.put("KmsKeyId", v));
    out.put("LastChangedDate", time(s.changedAt()));
    s.deletionDate().ifPresent(v -> out.put("DeletedDate", time(v)));
    if (!d.tags().isEmpty()) {
      out.put("Tags", tags(d.tags()));
    }
    if (!d.versionsToStages().isEmpty()) {
      out.put(versionsKey, d.versionsToStages());
    }
    out.put("CreatedDate", time(s.createdAt()));
    return out;
  }

  static List<Map<String, String>> tags(Map<String, String> tags) {
    List<Map<String, String>> out = new ArrayList<>();
    tags.forEach(
        (k, v) -> {
          // Key before Value, as AWS writes them (Map.of would not keep an order).
          Map<String, String> tag = new LinkedHashMap<>();
          tag.put("Key", k);
          tag.put("Value", v);
          out.add(tag);
        });
    return out;
  }

  /** A {@code TagListType} ({@code [{"Key","Value"}]}) as read. */
  static Map<String, String> tags(JsonNode list) {
    Map<String, String> out = new LinkedHashMap<>();
    list.forEach(t -> out.put(t.path("Key").asText(), t.path("Value").asText()));
    return out;
  }
}
