package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.lifecycle.PullTimeExclusions;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
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
  private final String region;

  PullTimeExclusionOperations(
      EcrAccess access, PullTimeExclusions exclusions, NextTokens nextTokens, String region) {
    this.access = access;
    this.exclusions = exclusions;
    this.nextTokens = nextTokens;
    this.region = region;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put(
        "RegisterPullTimeUpdateExclusion",
        (call, in) -> {
          AccountId account = registry(call);
          String arn = Input.required(in, "principalArn");
          Instant created = exclusions.register(account, arn);
          return EcrWire.response("principalArn", arn, "createdAt", EcrWire.time(created));
        });
    ops.put(
        "DeregisterPullTimeUpdateExclusion",
        (call, in) -> {
          AccountId account = registry(call);
          String arn = Input.required(in, "principalArn");
          exclusions.deregister(account, arn);
          return EcrWire.response("principalArn", arn);
        });
    ops.put(LIST, this::list);
  }

  private Object list(CallContext call, JsonNode in) {
    AccountId account = registry(call);
    Optional<String> after =
        nextTokens.decode(LIST, call, account, "", Input.text(in, "nextToken"));
    Page<String> page =
        exclusions.list(
            account, after, Math.min(Input.maxResults(in, 100), PullTimeExclusions.LIMIT));
    return EcrWire.response(
        "pullTimeUpdateExclusions",
        page.items(),
        "nextToken",
        page.next().map(k -> nextTokens.encode(LIST, call, account, "", k)));
  }

  /** The caller's registry, once {@code ecr:<operation>} on it is allowed. */
  private AccountId registry(CallContext call) {
    AccountId account = call.principal().account();
    access.check(call, "arn:aws:ecr:" + region + ":" + account.value() + ":registry", Map.of());
    return account;
  }
}
