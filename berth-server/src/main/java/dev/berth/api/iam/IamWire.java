package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.iam.IamService;
import dev.berth.meta.AccessKey;
import dev.berth.meta.IamEntity;
import dev.berth.model.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM entities to the model's shapes, and reading inputs. */
final class IamWire {
  private IamWire() {}

  static String text(JsonNode in, String field) {
    return in.path(field).asText();
  }

  static Optional<String> optional(JsonNode in, String field) {
    JsonNode v = in.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  static String path(JsonNode in) {
    return optional(in, "Path").orElse("/");
  }

  static int maxItems(JsonNode in) {
    return in.has("MaxItems") ? in.get("MaxItems").intValue() : 100;
  }

  /** Policy documents travel URL-encoded in IAM responses, as AWS sends them. */
  static String encoded(String document) {
    return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The entity type as IAM's operation and member names spell it ({@code User}, ...). */
  static String noun(IamEntity.Type type) {
    return switch (type) {
      case USER -> "User";
      case GROUP -> "Group";
      case ROLE -> "Role";
    };
  }

  static Map<String, Object> entity(IamEntity e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Path", e.path());
    String prefix = noun(e.type());
    m.put(prefix + "Name", e.name());
    m.put(prefix + "Id", e.id());
    m.put("Arn", e.arn());
    m.put("CreateDate", e.createdAt());
    if (e.type() == IamEntity.Type.ROLE) {
      m.put("AssumeRolePolicyDocument", encoded(e.trustPolicy()));
      if (!e.description().isEmpty()) {
        m.put("Description", e.description());
      }
      m.put("MaxSessionDuration", e.maxSessionSeconds());
    }
    return m;
  }

  static Map<String, Object> page(String listName, Page<IamEntity> page) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(listName, page.items().stream().map(IamWire::entity).toList());
    m.put("IsTruncated", page.next().isPresent());
    page.next().ifPresent(n -> m.put("Marker", n));
    return m;
  }

  static Map<String, Object> policy(IamService.PolicyView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("PolicyName", v.policy().name());
    m.put("PolicyId", v.policy().policyId());
    m.put("Arn", v.policy().arn());
    m.put("Path", v.policy().path());
    m.put("DefaultVersionId", v.policy().defaultVersion());
    m.put("AttachmentCount", v.attachments());
    m.put("PermissionsBoundaryUsageCount", 0);
    m.put("IsAttachable", true);
    if (!v.policy().description().isEmpty()) {
      m.put("Description", v.policy().description());
    }
    m.put("CreateDate", v.policy().createdAt());
    m.put("UpdateDate", v.policy().updatedAt());
    return m;
  }

  static Map<String, Object> attached(List<String> arns) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "AttachedPolicies",
        arns.stream()
            .map(a -> Map.of("PolicyName", a.substring(a.lastIndexOf('/') + 1), "PolicyArn", a))
            .toList());
    m.put("IsTruncated", false);
    return m;
  }

  static Map<String, Object> keyMetadata(AccessKey k, String userName) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("UserName", userName);
    m.put("AccessKeyId", k.accessKeyId());
    m.put("Status", k.active() ? "Active" : "Inactive");
    m.put("CreateDate", k.createdAt());
    return m;
  }
}
