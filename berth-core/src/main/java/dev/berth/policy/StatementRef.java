package dev.berth.policy;

/**
 * One statement that took part in a decision.
 *
 * @param policyName the {@link NamedPolicy#name()} of its policy
 * @param source whether the policy is identity-based or resource-based
 * @param index the statement's zero-based position in the policy
 * @param sid its {@code Sid}, or the empty string
 * @param effect its effect
 */
public record StatementRef(
    String policyName, PolicyKind source, int index, String sid, Effect effect) {

  /** {@code policyName#Sid}, or {@code policyName[index]} when the statement has no Sid. */
  public String label() {
    return sid.isEmpty() ? policyName + "[" + index + "]" : policyName + "#" + sid;
  }

  @Override
  public String toString() {
    return label();
  }
}
