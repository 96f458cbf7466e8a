package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.lifecycle.PullTimeExclusions;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Register/Deregister/ListPullTimeUpdateExclusions on the caller's registry, each authorized as
 * {@code ecr:<Operation>} on the registry.
 */
final class PullTimeExclusionOperations {
  private static final String LIST = "ListPullTimeUpdateExclusions";

  private final EcrAccess access;
  private final PullTimeExclusions exclusions;
  private final NextTokens nextTokens;

  PullTimeExclusionOperations(
      EcrAccess access, PullTimeExclusions exclusions, NextTokens nextTokens) {
    this.access = access;
    this.exclusions = exclusions;
    this.nextTokens = nextTokens;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put(
        "RegisterPullTimeUpdateExclusion",
        (call, in) -> {
          RegistryId registry = access.registry(call);
          String arn = Input.required(in, "principalArn");
          Instant created = exclusions.register(registry, arn);
          return EcrWire.response("principalArn", arn, "createdAt", EcrWire.time(created));
        });
    ops.put(
        "DeregisterPullTimeUpdateExclusion",
        (call, in) -> {
          RegistryId registry = access.registry(call);
          String arn = Input.required(in, "principalArn");
          exclusions.deregister(registry, arn);
          return EcrWire.response("principalArn", arn);
        });
    ops.put(LIST, this::list);
  }

  private Object list(CallContext call, JsonNode in) {
    RegistryId registry = access.registry(call);
    Optional<String> after =
        nextTokens.decode(LIST, call, registry, "", Input.text(in, "nextToken"));
    Page<String> page =
        exclusions.list(
            registry, after, Math.min(Input.maxResults(in, 100), PullTimeExclusions.LIMIT));
    return EcrWire.response(
        "pullTimeUpdateExclusions",
        page.items(),
        "nextToken",
        page.next().map(k -> nextTokens.encode(LIST, call, registry, "", k)));
  }
}
