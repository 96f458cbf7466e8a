package dev.berth.authz;

import java.util.List;

/** IAM's evaluation logic over parsed documents (implemented by the policy engine). */
@FunctionalInterface
public interface PolicyEvaluator {
  Decision evaluate(List<IdentityPolicy> identityPolicies, AccessRequest request);
}
