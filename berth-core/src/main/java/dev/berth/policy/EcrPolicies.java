package dev.berth.policy;

import java.util.List;

/**
 * The rules ECR adds to the policy grammar for the policies it stores. A repository policy may name
 * only {@code ecr:} actions. A registry policy may grant only what ECR enforces at the registry
 * level: {@code ecr:ReplicateImage} (cross-account replication), {@code ecr:CreateRepository} and
 * {@code ecr:BatchImportUpstreamImage} (repository creation on replication or pull-through); a
 * wildcard such as {@code ecr:*} is accepted as it covers them.
 */
public final class EcrPolicies {
  /** The actions a registry policy may name. */
  public static final List<String> REGISTRY_ACTIONS =
      List.of("ecr:ReplicateImage", "ecr:CreateRepository", "ecr:BatchImportUpstreamImage");

  private EcrPolicies() {}

  /** Throws {@code MALFORMED_POLICY} when the repository policy names a non-ECR action. */
  public static void checkRepositoryPolicy(Policy policy) {
    checkRepositoryPolicy(policy, "ecr");
  }

  /**
   * Throws {@code MALFORMED_POLICY} when the repository policy names an action of another service
   * than {@code service} ({@code ecr}, or {@code ecr-public} for a public repository).
   */
  public static void checkRepositoryPolicy(Policy policy, String service) {
    for (Statement s : policy.statements()) {
      for (String action : s.action().patterns()) {
        if (!action.equals("*") && !startsWithIgnoreCase(action, service + ":")) {
          throw Malformed.of(
              "Statement "
                  + (s.index() + 1)
                  + " names "
                  + action
                  + ", which is not an "
                  + service
                  + " action.");
        }
      }
    }
  }

  /**
   * Throws {@code MALFORMED_POLICY} when the registry policy names an action ECR does not enforce
   * at the registry level, or uses NotAction.
   */
  public static void checkRegistryPolicy(Policy policy) {
    for (Statement s : policy.statements()) {
      if (s.action().negated()) {
        throw Malformed.of("Statement " + (s.index() + 1) + " uses NotAction.");
      }
      for (String action : s.action().patterns()) {
        boolean covers =
            REGISTRY_ACTIONS.stream()
                .anyMatch(
                    allowed -> Glob.matches(action.replace("\\", "\\\\"), allowed, true, false));
        boolean ecr = action.equals("*") || startsWithIgnoreCase(action, "ecr:");
        if (!covers || !ecr) {
          throw Malformed.of(
              "Statement "
                  + (s.index() + 1)
                  + " names "
                  + action
                  + "; a registry policy may name only "
                  + String.join(", ", REGISTRY_ACTIONS)
                  + ".");
        }
      }
    }
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
