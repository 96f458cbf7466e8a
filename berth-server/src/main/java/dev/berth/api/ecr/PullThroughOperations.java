package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.meta.PullThroughRule;
import dev.berth.model.RegistryId;
import dev.berth.pullthrough.PullThroughRules;
import dev.berth.pullthrough.ValidationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Create/Describe/Update/Delete/ValidatePullThroughCacheRule(s) on the caller's registry in the
 * call's region, each authorized as {@code ecr:<Operation>} on the registry.
 */
final class PullThroughOperations {
  private static final String DESCRIBE = "DescribePullThroughCacheRules";
  private static final String PREFIX = "ecrRepositoryPrefix";
  private static final String GENERIC = "oci";

  private final EcrAccess access;
  private final PullThroughRules rules;
  private final NextTokens nextTokens;

  PullThroughOperations(EcrAccess access, PullThroughRules rules, NextTokens nextTokens) {
    this.access = access;
    this.rules = rules;
    this.nextTokens = nextTokens;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put(
        "CreatePullThroughCacheRule",
        (call, in) -> {
          PullThroughRule r =
              rules.create(
                  access.registry(call, in),
                  Input.required(in, PREFIX),
                  Input.required(in, "upstreamRegistryUrl"),
                  Input.text(in, "upstreamRegistry"),
                  Input.text(in, "upstreamRepositoryPrefix"),
                  Input.text(in, "credentialArn"),
                  Input.text(in, "customRoleArn"));
          Map<String, Object> out = wire(r);
          out.remove("updatedAt");
          return out;
        });
    ops.put(DESCRIBE, this::describe);
    ops.put(
        "UpdatePullThroughCacheRule",
        (call, in) -> {
          PullThroughRule r =
              rules.update(
                  access.registry(call, in),
                  Input.required(in, PREFIX),
                  Input.text(in, "credentialArn"),
                  Input.text(in, "customRoleArn"));
          Map<String, Object> out = wire(r);
          out.remove("createdAt");
          out.remove("upstreamRegistryUrl");
          out.remove("upstreamRegistry");
          return out;
        });
    ops.put(
        "DeletePullThroughCacheRule",
        (call, in) -> {
          Map<String, Object> out =
              wire(rules.delete(access.registry(call, in), Input.required(in, PREFIX)));
          out.remove("updatedAt");
          out.remove("upstreamRegistry");
          return out;
        });
    ops.put(
        "ValidatePullThroughCacheRule",
        (call, in) -> {
          ValidationResult v =
              rules.validate(access.registry(call, in), Input.required(in, PREFIX));
          Map<String, Object> out = wire(v.rule());
          out.remove("createdAt");
          out.remove("updatedAt");
          out.remove("upstreamRegistry");
          out.put("isValid", v.valid());
          v.failure().ifPresent(f -> out.put("failure", f));
          return out;
        });
  }

  private Object describe(CallContext call, JsonNode in) {
    RegistryId registry = access.registry(call, in);
    List<PullThroughRule> all =
        rules.describe(registry, Input.strings(in, "ecrRepositoryPrefixes"));
    Optional<String> after =
        nextTokens.decode(DESCRIBE, call, registry, "", Input.text(in, "nextToken"));
    int limit = Input.maxResults(in, 100);
    List<PullThroughRule> rest =
        all.stream()
            .filter(r -> after.isEmpty() || r.ecrRepositoryPrefix().compareTo(after.get()) > 0)
            .toList();
    List<PullThroughRule> page = rest.subList(0, Math.min(limit, rest.size()));
    Optional<String> next =
        rest.size() > limit
            ? Optional.of(
                nextTokens.encode(
                    DESCRIBE, call, registry, "", page.get(page.size() - 1).ecrRepositoryPrefix()))
            : Optional.empty();
    return EcrWire.response(
        "pullThroughCacheRules",
        page.stream().map(PullThroughOperations::wire).toList(),
        "nextToken",
        next);
  }

  private static Map<String, Object> wire(PullThroughRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(PREFIX, r.ecrRepositoryPrefix());
    m.put("registryId", r.registry().account().value());
    m.put("upstreamRegistryUrl", r.upstreamRegistryUrl());
    if (!GENERIC.equals(r.upstreamRegistry())) {
      m.put("upstreamRegistry", r.upstreamRegistry()); // ECR's enum has no generic upstream
    }
    m.put("upstreamRepositoryPrefix", r.upstreamRepositoryPrefix());
    r.credentialArn().ifPresent(a -> m.put("credentialArn", a));
    r.customRoleArn().ifPresent(a -> m.put("customRoleArn", a));
    m.put("createdAt", EcrWire.time(r.createdAt()));
    m.put("updatedAt", EcrWire.time(r.updatedAt()));
    return m;
  }
}
