package dev.berth.policy;

/**
 * A policy with the name decisions cite: a managed policy's ARN, {@code user/alice/inline-name},
 * {@code repository-policy}, ...
 */
public record NamedPolicy(String name, Policy policy) {
  public NamedPolicy {
    if (name == null || name.isEmpty() || policy == null) {
      throw new IllegalArgumentException("a named policy needs a name and a policy");
    }
  }
}
