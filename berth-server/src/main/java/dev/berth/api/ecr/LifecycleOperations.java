package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.lifecycle.LifecycleService;
import dev.berth.meta.LifecycleStore.PreviewResult;
import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.Repository;
import dev.berth.model.TagStatus;
import dev.berth.registry.ManifestService;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Put/Get/DeleteLifecyclePolicy and Start/GetLifecyclePolicyPreview, each authorized as {@code
 * ecr:<Operation>} on the repository.
 */
final class LifecycleOperations {
  private static final String PREVIEW = "GetLifecyclePolicyPreview";

  private final EcrAccess access;
  private final LifecycleService lifecycle;
  private final ManifestService manifests;
  private final NextTokens nextTokens;

  LifecycleOperations(
      EcrAccess access,
      LifecycleService lifecycle,
      ManifestService manifests,
      NextTokens nextTokens) {
    this.access = access;
    this.lifecycle = lifecycle;
    this.manifests = manifests;
    this.nextTokens = nextTokens;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put(
        "PutLifecyclePolicy",
        (call, in) -> {
          Repository repo = access.repository(call, in);
          LifecycleService.Policy p =
              lifecycle.put(repo, Input.required(in, "lifecyclePolicyText"));
          return EcrWire.response(
              "registryId",
              repo.account().value(),
              "repositoryName",
              repo.name().value(),
              "lifecyclePolicyText",
              p.text());
        });
    ops.put(
        "GetLifecyclePolicy",
        (call, in) -> {
          Repository repo = access.repository(call, in);
          return policy(repo, lifecycle.get(repo));
        });
    ops.put(
        "DeleteLifecyclePolicy",
        (call, in) -> {
          Repository repo = access.repository(call, in);
          return policy(repo, lifecycle.delete(repo));
        });
    ops.put(
        "StartLifecyclePolicyPreview",
        (call, in) -> {
          Repository repo = access.repository(call, in);
          LifecycleService.Preview p =
              lifecycle.startPreview(repo, Input.text(in, "lifecyclePolicyText"));
          return EcrWire.response(
              "registryId",
              repo.account().value(),
              "repositoryName",
              repo.name().value(),
              "lifecyclePolicyText",
              p.text(),
              "status",
              p.status().name());
        });
    ops.put(PREVIEW, this::preview);
  }

  private static Map<String, Object> policy(Repository repo, LifecycleService.Policy p) {
    return EcrWire.response(
        "registryId",
        repo.account().value(),
        "repositoryName",
        repo.name().value(),
        "lifecyclePolicyText",
        p.text(),
        "lastEvaluatedAt",
        p.lastEvaluatedAt().map(EcrWire::time));
  }

  private Object preview(CallContext call, JsonNode in) {
    Repository repo = access.repository(call, in);
    boolean byId = in.path("imageIds").isArray() && !in.path("imageIds").isEmpty();
    if (byId && (in.hasNonNull("nextToken") || in.hasNonNull("maxResults"))) {
      throw RepositoryOperations.invalid(
          "imageIds cannot be combined with nextToken or maxResults");
    }
    LifecycleService.Preview p = lifecycle.preview(repo);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("registryId", repo.account().value());
    out.put("repositoryName", repo.name().value());
    out.put("lifecyclePolicyText", p.text());
    out.put("status", p.status().name());
    if (p.status() != LifecycleService.PreviewStatus.COMPLETE) {
      out.put("previewResults", List.of());
      return out;
    }
    TagStatus filter =
        Input.text(in.path("filter"), "tagStatus").map(TagStatus::valueOf).orElse(TagStatus.ANY);
    List<PreviewResult> results;
    if (byId) {
      results =
          lifecycle.results(repo, digests(repo, in.path("imageIds"))).stream()
              .filter(r -> matches(filter, r))
              .toList();
    } else {
      String listed = repo.name().value() + "\n" + filter.name();
      Optional<String> after =
          nextTokens.decode(PREVIEW, call, repo.registry(), listed, Input.text(in, "nextToken"));
      Page<PreviewResult> page = lifecycle.results(repo, after, Input.maxResults(in, 100), filter);
      results = page.items();
      page.next()
          .ifPresent(
              k ->
                  out.put(
                      "nextToken", nextTokens.encode(PREVIEW, call, repo.registry(), listed, k)));
    }
    out.put("previewResults", results.stream().map(LifecycleOperations::result).toList());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("expiringImageTotalCount", p.expiring());
    if (p.transitioning() > 0) {
      summary.put(
          "transitioningImageTotalCounts",
          List.of(Map.of("targetStorageClass", "ARCHIVE", "imageTotalCount", p.transitioning())));
    }
    out.put("summary", summary);
    return out;
  }

  /** The digests the identifiers name: a digest as given, a tag as it points now. */
  private Set<Digest> digests(Repository repo, JsonNode ids) {
    Set<Digest> out = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      ImageIds parsed;
      try {
        parsed = ImageIds.parse(id);
      } catch (ImageIds.Failure f) {
        throw RepositoryOperations.invalid(f.getMessage());
      }
      if (parsed.digest().isPresent()) {
        out.add(parsed.digest().get());
      } else {
        manifests.tagged(repo, parsed.tag().orElseThrow()).ifPresent(out::add);
      }
    }
    return out;
  }

  private static boolean matches(TagStatus filter, PreviewResult r) {
    return switch (filter) {
      case ANY -> true;
      case TAGGED -> !r.tags().isEmpty();
      case UNTAGGED -> r.tags().isEmpty();
    };
  }

  private static Map<String, Object> result(PreviewResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!r.tags().isEmpty()) {
      m.put("imageTags", r.tags());
    }
    m.put("imageDigest", r.digest().toString());
    m.put("imagePushedAt", EcrWire.time(r.pushedAt()));
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", r.action());
    r.targetStorageClass().ifPresent(t -> action.put("targetStorageClass", t));
    m.put("action", action);
    m.put("appliedRulePriority", r.appliedRulePriority());
    m.put("storageClass", r.storageClass());
    return m;
  }
}
