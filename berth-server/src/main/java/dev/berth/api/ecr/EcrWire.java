package dev.berth.api.ecr;

import dev.berth.address.RegistryAddresses;
import dev.berth.api.awsjson.CallContext;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageSummary;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Domain records to ECR wire shapes (JSON objects as ordered maps). */
final class EcrWire {
  private final RegistryAddresses addresses;

  EcrWire(RegistryAddresses addresses) {
    this.addresses = addresses;
  }

  /** AWS JSON timestamps: epoch seconds with millisecond fraction. */
  static double time(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  /** {@code HOST[:PORT]} of a registry for the caller ({@link RegistryAddresses}). */
  String registry(RegistryId registry, CallContext call) {
    return addresses.registry(registry, call.host());
  }

  /** {@code http(s)://HOST[:PORT]} of a registry for the caller. */
  String endpoint(RegistryId registry, CallContext call) {
    return addresses.endpoint(registry, call.host(), call.secure());
  }

  Map<String, Object> repository(Repository r, CallContext call) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repositoryArn", r.arn());
    m.put("registryId", r.account().value());
    m.put("repositoryName", r.name().value());
    m.put("repositoryUri", registry(r.registry(), call) + "/" + r.name().value());
    m.put("createdAt", time(r.createdAt()));
    m.put("imageTagMutability", r.tagMutability().name());
    if (!r.settings().exclusionFilters().isEmpty()) {
      m.put(
          "imageTagMutabilityExclusionFilters", exclusionFilters(r.settings().exclusionFilters()));
    }
    m.put("imageScanningConfiguration", Map.of("scanOnPush", r.settings().scanOnPush()));
    Map<String, Object> enc = new LinkedHashMap<>();
    enc.put("encryptionType", r.settings().encryptionType());
    r.settings().kmsKey().ifPresent(k -> enc.put("kmsKey", k));
    m.put("encryptionConfiguration", enc);
    return m;
  }

  static Map<String, Object> imageId(Digest digest, Optional<String> tag) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("imageDigest", digest.toString());
    tag.ifPresent(t -> m.put("imageTag", t));
    return m;
  }

  static Map<String, Object> imageId(ImageRef ref) {
    return imageId(ref.digest(), ref.tag());
  }

  static Map<String, Object> imageDetail(Repository repo, ImageSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("registryId", repo.account().value());
    m.put("repositoryName", repo.name().value());
    m.put("imageDigest", s.digest().toString());
    if (!s.tags().isEmpty()) {
      m.put("imageTags", s.tags());
    }
    m.put("imageSizeInBytes", s.size());
    m.put("imagePushedAt", time(s.pushedAt()));
    m.put("imageManifestMediaType", s.mediaType());
    s.configMediaType().ifPresent(t -> m.put("artifactMediaType", t));
    s.lastPulledAt().ifPresent(t -> m.put("lastRecordedPullTime", time(t)));
    s.subject().ifPresent(d -> m.put("subjectManifestDigest", d.toString()));
    m.put("imageStatus", s.state().status().name());
    s.state().lastArchivedAt().ifPresent(t -> m.put("lastArchivedAt", time(t)));
    s.state().lastActivatedAt().ifPresent(t -> m.put("lastActivatedAt", time(t)));
    return m;
  }

  /** A failure entry of a batch operation. */
  static Map<String, Object> failure(Map<String, Object> imageId, String code, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("imageId", imageId);
    m.put("failureCode", code);
    m.put("failureReason", reason);
    return m;
  }

  static Map<String, Object> response(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      String key = (String) keyValues[i];
      if (keyValues[i + 1] instanceof Optional<?> o) {
        o.ifPresent(v -> m.put(key, v));
      } else {
        m.put(key, keyValues[i + 1]);
      }
    }
    return m;
  }

  /** Wildcard tag filters as ECR lists them. */
  static List<Map<String, String>> exclusionFilters(List<String> filters) {
    return filters.stream().map(f -> Map.of("filterType", "WILDCARD", "filter", f)).toList();
  }

  /** Tags as ECR lists them, each {@code Key} before its {@code Value}. */
  static List<Map<String, String>> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(
            e -> {
              Map<String, String> tag = new LinkedHashMap<>();
              tag.put("Key", e.getKey());
              tag.put("Value", e.getValue());
              return tag;
            })
        .toList();
  }
}
