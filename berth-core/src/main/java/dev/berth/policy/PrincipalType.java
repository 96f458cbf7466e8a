package dev.berth.policy;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Who is calling, as the policy engine tells principals apart. */
public enum PrincipalType {
  /** The account root user, {@code arn:aws:iam::<account>:root}. */
  ACCOUNT_ROOT("Account"),
  /** An IAM user, {@code arn:aws:iam::<account>:user/<path/name>}. */
  USER("User"),
  /** A role session, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
  ASSUMED_ROLE("AssumedRole"),
  /** A federated user session, {@code arn:aws:sts::<account>:federated-user/<name>}. */
  FEDERATED_USER("FederatedUser"),
  /** An AWS service principal such as {@code ecr.amazonaws.com} (resource policies only). */
  SERVICE(null),
  /**
   * A web-identity or SAML provider, matched by {@code Principal: {"Federated": ...}} in a role
   * trust policy (resource policies only).
   */
  IDENTITY_PROVIDER(null);

  private final @Nullable String contextValue;

  PrincipalType(@Nullable String contextValue) {
    this.contextValue = contextValue;
  }

  /** The value of the {@code aws:PrincipalType} condition key, if IAM sets one. */
  public Optional<String> contextValue() {
    return Optional.ofNullable(contextValue);
  }

  /** Whether the principal is an AWS identity (has an account and identity-based policies). */
  public boolean isAwsIdentity() {
    return contextValue != null;
  }
}
