package dev.berth.policy;

/**
 * Where a policy is attached, which decides its grammar: identity-based policies (attached to
 * users, groups and roles) must name resources and may not name principals; resource-based policies
 * (repository and registry policies, role trust policies) must name principals and may omit {@code
 * Resource} (it is then the resource the policy is attached to).
 */
public enum PolicyKind {
  IDENTITY,
  RESOURCE
}
