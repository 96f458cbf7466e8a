package dev.berth.authz;

import dev.berth.auth.Principal;
import dev.berth.iam.PolicyValidator;
import dev.berth.policy.EcrPolicies;
import dev.berth.policy.ManagedPolicies;
import dev.berth.policy.NamedPolicy;
import dev.berth.policy.Policy;
import dev.berth.policy.PolicyKind;
import dev.berth.policy.PrincipalType;
import dev.berth.policy.RequestContext;
import dev.berth.policy.SizeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects authorization and IAM to the policy engine: evaluates requests (parsed documents are
 * cached by text), validates documents on write, and serves the AWS managed policies.
 */
public final class PolicyEngine implements PolicyEvaluator, PolicyValidator {
  private static final int MAX_CACHED = 20_000;

  private final Map<String, Policy> parsed = new ConcurrentHashMap<>();

  @Override
  public void validate(String document, Kind kind) {
    switch (kind) {
      case IDENTITY -> Policy.parse(document, PolicyKind.IDENTITY, SizeLimit.MANAGED_POLICY);
      case TRUST ->
          Policy.parse(document, PolicyKind.RESOURCE, SizeLimit.ROLE_TRUST_POLICY)
              .requireUniqueSids();
      case RESOURCE -> Policy.parse(document, PolicyKind.RESOURCE, SizeLimit.ECR_POLICY);
      case REPOSITORY ->
          EcrPolicies.checkRepositoryPolicy(
              Policy.parse(document, PolicyKind.RESOURCE, SizeLimit.ECR_POLICY));
      case PUBLIC_REPOSITORY ->
          EcrPolicies.checkRepositoryPolicy(
              Policy.parse(document, PolicyKind.RESOURCE, SizeLimit.ECR_POLICY), "ecr-public");
      case REGISTRY ->
          EcrPolicies.checkRegistryPolicy(
              Policy.parse(document, PolicyKind.RESOURCE, SizeLimit.ECR_POLICY));
    }
  }

  /** The document of an AWS managed policy. */
  public Optional<String> awsManaged(String arn) {
    return ManagedPolicies.byArn(arn).map(p -> p.policy().text());
  }

  /** ARNs of every built-in AWS managed policy. */
  public List<String> awsManagedArns() {
    // A managed policy is named by its ARN already.
    return ManagedPolicies.all().stream().map(NamedPolicy::name).toList();
  }

  @Override
  public Decision evaluate(List<IdentityPolicy> identityPolicies, AccessRequest request) {
    List<NamedPolicy> identity = new ArrayList<>();
    for (IdentityPolicy p : identityPolicies) {
      identity.add(new NamedPolicy(p.name(), parse(p.document(), PolicyKind.IDENTITY)));
    }
    List<NamedPolicy> resource =
        request
            .resourcePolicy()
            .map(d -> List.of(new NamedPolicy("resource policy", parse(d, PolicyKind.RESOURCE))))
            .orElse(List.of());
    dev.berth.policy.Decision d =
        dev.berth.policy.PolicyEvaluator.evaluate(
            context(request), request.resourceAccount(), identity, resource);
    Decision.Effect effect =
        switch (d.outcome()) {
          case ALLOW -> Decision.Effect.ALLOW;
          case EXPLICIT_DENY -> Decision.Effect.EXPLICIT_DENY;
          case IMPLICIT_DENY -> Decision.Effect.IMPLICIT_DENY;
        };
    return new Decision(effect, d.labels(), d.reason());
  }

  private Policy parse(String text, PolicyKind kind) {
    if (parsed.size() > MAX_CACHED) {
      parsed.clear();
    }
    return parsed.computeIfAbsent(kind + "\n" + text, k -> Policy.parseStored(text, kind));
  }

  private static RequestContext context(AccessRequest r) {
    Principal p = r.principal();
    RequestContext.Builder b =
        RequestContext.builder().action(r.action()).resource(r.resourceArn());
    switch (p.type()) {
      case ROOT -> b.principal(PrincipalType.ACCOUNT_ROOT, p.arn());
      case USER -> b.principal(PrincipalType.USER, p.arn()).username(p.name());
      case ASSUMED_ROLE -> b.principal(PrincipalType.ASSUMED_ROLE, p.arn()).roleArn(p.sourceArn());
    }
    r.context().forEach(b::key);
    return b.build();
  }
}
