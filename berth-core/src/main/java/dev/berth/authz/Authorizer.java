package dev.berth.authz;

import dev.berth.auth.Principal;
import java.util.List;
import java.util.Optional;

/**
 * Answers every authorization question with IAM's logic and throws {@code DENIED} naming the
 * principal, action and resource as AWS words it.
 */
public final class Authorizer {
  private final IdentityPolicies identities;
  private final PolicyEvaluator evaluator;

  public Authorizer(IdentityPolicies identities, PolicyEvaluator evaluator) {
    this.identities = identities;
    this.evaluator = evaluator;
  }

  public Decision decide(AccessRequest request) {
    Optional<List<IdentityPolicy>> policies = identities.of(request.principal());
    if (policies.isEmpty()) {
      return new Decision(
          Decision.Effect.IMPLICIT_DENY, List.of(), "because the credential no longer works");
    }
    return evaluator.evaluate(policies.get(), request);
  }

  /**
   * Whether the principal's credential still works: its access key active (or session unexpired)
   * and its identity present. Answered from the identity-policy cache, so as cheap as an
   * authorization and invalidated with it.
   */
  public boolean credentialWorks(Principal principal) {
    return identities.of(principal).isPresent();
  }

  /** Throws {@code DENIED} unless the request is allowed. */
  public void check(AccessRequest request) {
    Decision d = decide(request);
    if (!d.allowed()) {
      throw denied(
          request.principal(),
          request.action(),
          request.resourceArn(),
          d,
          request.resourcePolicy().isPresent());
    }
  }

  static AccessDenied denied(
      Principal p, String action, String resource, Decision d, boolean hasResourcePolicy) {
    String because =
        d.effect() == Decision.Effect.EXPLICIT_DENY
            ? " with an explicit deny in "
                + (d.deciding().isEmpty() ? "a policy" : String.join(", ", d.deciding()))
            : " because no "
                + (hasResourcePolicy ? "identity-based or resource-based" : "identity-based")
                + " policy allows the "
                + action
                + " action";
    return new AccessDenied(
        "User: "
            + p.arn()
            + " is not authorized to perform: "
            + action
            + " on resource: "
            + resource
            + because,
        d);
  }
}
