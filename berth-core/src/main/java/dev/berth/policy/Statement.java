package dev.berth.policy;

import java.util.List;

/** One parsed statement of a policy. */
record Statement(
    int index,
    String sid,
    Effect effect,
    PrincipalSpec principal,
    ActionSpec action,
    ResourceSpec resource,
    List<Condition> conditions) {

  Statement {
    conditions = List.copyOf(conditions);
  }

  /**
   * Whether the action, the resource and every condition match (the principal is matched
   * separately, for resource-based policies only).
   */
  boolean appliesTo(RequestContext ctx) {
    return action.matches(ctx.action())
        && resource.matches(ctx)
        && Conditions.allHold(conditions, ctx);
  }

  StatementRef ref(String policyName, PolicyKind source) {
    return new StatementRef(policyName, source, index, sid, effect);
  }
}
