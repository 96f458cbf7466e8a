package dev.berth.api.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.auth.Principal;
import dev.berth.authz.AccessRequest;
import dev.berth.authz.Contexts;
import dev.berth.authz.Decision;
import dev.berth.authz.IdentityPolicies;
import dev.berth.authz.IdentityPolicy;
import dev.berth.authz.PolicyEvaluator;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.IamService;
import dev.berth.iam.PolicyValidator;
import dev.berth.meta.IamEntity;
import dev.berth.model.AccountId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy, answered by the same evaluator that enforces
 * every request.
 */
final class IamSimulateOperations {
  private static final Pattern ENTITY =
      Pattern.compile("arn:aws:iam::([0-9]{12}):(user|role)(/(?:[^/]+/)*)([^/]+)");

  private final IamService iam;
  private final IdentityPolicies identities;
  private final PolicyEvaluator evaluator;
  private final PolicyValidator validator;
  private final AccessCheck access;
  private final Clock clock;

  IamSimulateOperations(
      IamService iam,
      IdentityPolicies identities,
      PolicyEvaluator evaluator,
      PolicyValidator validator,
      AccessCheck access,
      Clock clock) {
    this.iam = iam;
    this.identities = identities;
    this.evaluator = evaluator;
    this.validator = validator;
    this.access = access;
    this.clock = clock;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("SimulatePrincipalPolicy", this::principal);
    ops.put("SimulateCustomPolicy", this::custom);
  }

  private Object principal(CallContext call, JsonNode in) {
    String source = IamWire.text(in, "PolicySourceArn");
    Matcher m = ENTITY.matcher(source);
    if (!m.matches()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "PolicySourceArn must be a user or role of your account: " + source);
    }
    if (!m.group(1).equals(call.principal().account().value())) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY,
          "The " + m.group(2) + " with name " + m.group(4) + " cannot be found.");
    }
    access.check(call, "iam:SimulatePrincipalPolicy", source);
    AccountId account = new AccountId(m.group(1));
    IamEntity.Type type = "user".equals(m.group(2)) ? IamEntity.Type.USER : IamEntity.Type.ROLE;
    IamEntity entity = iam.get(type, account, m.group(4));
    Principal subject =
        type == IamEntity.Type.USER
            ? Principal.user(account, entity.path(), entity.name(), "")
            : Principal.assumedRole(account, entity.arn(), entity.name(), "simulation", "");
    List<IdentityPolicy> policies = new ArrayList<>(identities.of(subject).orElse(List.of()));
    policies.addAll(extra(in));
    return results(call, subject, policies, in, Optional.empty());
  }

  private Object custom(CallContext call, JsonNode in) {
    access.check(call, "iam:SimulateCustomPolicy", "*");
    Principal subject = Principal.user(call.principal().account(), "/", "simulated-caller", "");
    Optional<String> resourcePolicy = IamWire.optional(in, "ResourcePolicy");
    resourcePolicy.ifPresent(d -> validator.validate(d, PolicyValidator.Kind.RESOURCE));
    return results(call, subject, extra(in), in, resourcePolicy);
  }

  private List<IdentityPolicy> extra(JsonNode in) {
    List<IdentityPolicy> out = new ArrayList<>();
    int i = 0;
    for (JsonNode doc : in.path("PolicyInputList")) {
      validator.validate(doc.asText(), PolicyValidator.Kind.IDENTITY);
      i++;
      out.add(new IdentityPolicy("PolicyInputList." + i, doc.asText()));
    }
    return out;
  }

  private Object results(
      CallContext call,
      Principal subject,
      List<IdentityPolicy> policies,
      JsonNode in,
      Optional<String> resourcePolicy) {
    List<String> resources = new ArrayList<>();
    in.path("ResourceArns").forEach(r -> resources.add(r.asText()));
    if (resources.isEmpty()) {
      resources.add("*");
    }
    Map<String, List<String>> context =
        Contexts.base(subject, call.sourceIp(), false, clock.instant());
    for (JsonNode entry : in.path("ContextEntries")) {
      List<String> values = new ArrayList<>();
      entry.path("ContextKeyValues").forEach(v -> values.add(v.asText()));
      context.put(entry.path("ContextKeyName").asText(), values);
    }
    List<Object> results = new ArrayList<>();
    for (JsonNode action : in.path("ActionNames")) {
      for (String resource : resources) {
        Decision d =
            evaluator.evaluate(
                policies,
                new AccessRequest(
                    subject,
                    action.asText(),
                    resource,
                    subject.account(),
                    resourcePolicy,
                    context));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("EvalActionName", action.asText());
        r.put("EvalResourceName", resource);
        r.put(
            "EvalDecision",
            switch (d.effect()) {
              case ALLOW -> "allowed";
              case EXPLICIT_DENY -> "explicitDeny";
              case IMPLICIT_DENY -> "implicitDeny";
            });
        r.put(
            "MatchedStatements",
            d.deciding().stream().map(s -> Map.of("SourcePolicyId", s)).toList());
        r.put("MissingContextValues", List.of());
        results.add(r);
      }
    }
    return Map.of("EvaluationResults", results, "IsTruncated", false);
  }
}
