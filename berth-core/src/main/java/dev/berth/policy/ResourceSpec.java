package dev.berth.policy;

import java.util.List;

/**
 * The {@code Resource} or {@code NotResource} element: case-sensitive ARN patterns with wildcards
 * and (in 2012-10-17 policies) policy variables. A resource-based policy may leave it out, and then
 * it means the resource the policy is attached to.
 */
record ResourceSpec(List<Template> patterns, boolean negated, boolean present) {
  /** No Resource element: matches the resource the policy is attached to. */
  static final ResourceSpec ATTACHED = new ResourceSpec(List.of(), false, false);

  ResourceSpec {
    patterns = List.copyOf(patterns);
  }

  boolean matches(RequestContext ctx) {
    if (!present) {
      return true;
    }
    boolean any = false;
    for (Template t : patterns) {
      if (t.pattern(ctx).map(p -> Glob.matches(p, ctx.resource(), false, true)).orElse(false)) {
        any = true;
        break;
      }
    }
    return any != negated;
  }
}
