package dev.berth.policy;

import java.util.List;

/**
 * The result of evaluating a request: the outcome, the statements that decided it (the matching
 * Deny statements for an explicit deny; the Allow statements that granted access for an allow; none
 * for an implicit deny) and the reason in the words AWS uses in its AccessDenied messages.
 */
public record Decision(Outcome outcome, List<StatementRef> statements, String reason) {

  /** What IAM's evaluation logic concluded. */
  public enum Outcome {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  public Decision {
    statements = List.copyOf(statements);
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  /**
   * The AccessDenied message AWS writes: {@code User: <arn> is not authorized to perform: <action>
   * on resource: <arn> because no identity-based policy allows the <action> action}.
   */
  public String denialMessage(RequestContext ctx) {
    return "User: "
        + ctx.principalArn()
        + " is not authorized to perform: "
        + ctx.action()
        + " on resource: "
        + ctx.resource()
        + " "
        + reason;
  }

  /** The statement labels, for logs and audit. */
  public List<String> labels() {
    return statements.stream().map(StatementRef::label).toList();
  }
}
