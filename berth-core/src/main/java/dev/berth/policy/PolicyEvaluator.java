package dev.berth.policy;

import dev.berth.model.AccountId;
import java.util.ArrayList;
import java.util.List;

/**
 * IAM's policy evaluation logic as a pure function (the IAM User Guide, "Policy evaluation logic"),
 * for identity-based and resource-based policies:
 *
 * <ol>
 *   <li>An explicit Deny in any applicable statement, identity-based or resource-based, wins.
 *   <li>Same account: the request is allowed when an identity-based policy allows it <em>or</em> a
 *       resource-based policy allows it for the caller itself (its user, role or session ARN, or
 *       {@code "*"}). A resource policy naming only the caller's account delegates to the account's
 *       identity policies and grants nothing by itself.
 *   <li>The account root user is allowed everything in its own account; identity policies cannot be
 *       attached to it, but an explicit Deny in a resource-based policy that names it (its account,
 *       its ARN or {@code "*"}) still applies to it.
 *   <li>Cross-account: the caller's own account must allow (an identity-based policy of the caller,
 *       or implicitly for that account's root) <em>and</em> a resource-based policy of the
 *       resource's account must allow the caller (by its ARN, its account or {@code "*"}).
 *   <li>Service and identity-provider principals have no identity policies: only resource-based
 *       policies decide for them.
 *   <li>Otherwise the request is implicitly denied.
 * </ol>
 *
 * <p>Not modelled: AWS Organizations SCPs and RCPs, permissions boundaries and session policies.
 */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  /**
   * Decides a request.
   *
   * @param context the request; its principal says who calls and from which account
   * @param resourceAccount the account that owns the resource
   * @param identityPolicies the policies attached to the caller (user, its groups, or role);
   *     ignored for the account root and for service principals
   * @param resourcePolicies the resource's policies (a repository policy, a registry policy, a
   *     role's trust policy); usually none or one
   */
  public static Decision evaluate(
      RequestContext context,
      AccountId resourceAccount,
      List<NamedPolicy> identityPolicies,
      List<NamedPolicy> resourcePolicies) {
    requireKind(identityPolicies, PolicyKind.IDENTITY);
    requireKind(resourcePolicies, PolicyKind.RESOURCE);
    RequestContext ctx = context.withDefault("aws:ResourceAccount", resourceAccount.value());
    boolean aws = ctx.principalType().isAwsIdentity();
    boolean root = ctx.isRoot();

    List<StatementRef> identityDenies = new ArrayList<>();
    List<StatementRef> identityAllows = new ArrayList<>();
    if (aws && !root) {
      for (NamedPolicy p : identityPolicies) {
        for (Statement s : p.policy().statements()) {
          if (s.appliesTo(ctx)) {
            StatementRef ref = s.ref(p.name(), PolicyKind.IDENTITY);
            (s.effect() == Effect.DENY ? identityDenies : identityAllows).add(ref);
          }
        }
      }
    }
    List<StatementRef> resourceDenies = new ArrayList<>();
    List<StatementRef> directAllows = new ArrayList<>();
    List<StatementRef> accountAllows = new ArrayList<>();
    for (NamedPolicy p : resourcePolicies) {
      for (Statement s : p.policy().statements()) {
        PrincipalSpec.Match match = s.principal().match(ctx);
        if (match == PrincipalSpec.Match.NONE || !s.appliesTo(ctx)) {
          continue;
        }
        StatementRef ref = s.ref(p.name(), PolicyKind.RESOURCE);
        if (s.effect() == Effect.DENY) {
          resourceDenies.add(ref);
        } else {
          (match == PrincipalSpec.Match.DIRECT ? directAllows : accountAllows).add(ref);
        }
      }
    }

    String action = ctx.action();
    if (!identityDenies.isEmpty() || !resourceDenies.isEmpty()) {
      List<StatementRef> denies = new ArrayList<>(identityDenies);
      denies.addAll(resourceDenies);
      String where = identityDenies.isEmpty() ? "a resource-based" : "an identity-based";
      return new Decision(
          Decision.Outcome.EXPLICIT_DENY, denies, "with an explicit deny in " + where + " policy");
    }
    if (!aws) {
      return directAllows.isEmpty()
          ? noResourcePolicy(action)
          : allow(directAllows, "allowed by a resource-based policy");
    }
    boolean sameAccount = ctx.principalAccount().orElseThrow().equals(resourceAccount);
    if (sameAccount) {
      if (root) {
        return allow(directAllows, "allowed: the account root user owns the account's resources");
      }
      if (identityAllows.isEmpty() && directAllows.isEmpty()) {
        return new Decision(
            Decision.Outcome.IMPLICIT_DENY,
            List.of(),
            "because no identity-based policy allows the " + action + " action");
      }
      List<StatementRef> allows = new ArrayList<>(identityAllows);
      allows.addAll(directAllows);
      return allow(allows, "allowed by " + sources(identityAllows, directAllows));
    }
    List<StatementRef> resourceAllows = new ArrayList<>(directAllows);
    resourceAllows.addAll(accountAllows);
    if (resourceAllows.isEmpty()) {
      return noResourcePolicy(action);
    }
    if (!root && identityAllows.isEmpty()) {
      return new Decision(
          Decision.Outcome.IMPLICIT_DENY,
          List.of(),
          "because no identity-based policy allows the " + action + " action");
    }
    List<StatementRef> allows = new ArrayList<>(identityAllows);
    allows.addAll(resourceAllows);
    return allow(allows, "allowed across accounts by identity-based and resource-based policies");
  }

  private static void requireKind(List<NamedPolicy> policies, PolicyKind kind) {
    for (NamedPolicy p : policies) {
      if (p.policy().kind() != kind) {
        throw new IllegalArgumentException(p.name() + " is not a " + kind + " policy");
      }
    }
  }

  private static Decision noResourcePolicy(String action) {
    return new Decision(
        Decision.Outcome.IMPLICIT_DENY,
        List.of(),
        "because no resource-based policy allows the " + action + " action");
  }

  private static Decision allow(List<StatementRef> statements, String reason) {
    return new Decision(Decision.Outcome.ALLOW, statements, reason);
  }

  private static String sources(List<StatementRef> identity, List<StatementRef> resource) {
    if (identity.isEmpty()) {
      return "a resource-based policy";
    }
    return resource.isEmpty()
        ? "an identity-based policy"
        : "identity-based and resource-based policies";
  }
}
