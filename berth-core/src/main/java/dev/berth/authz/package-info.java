/**
 * Authorization: builds the request context (principal, action, resource ARN, condition keys),
 * loads identity and resource policies (cached, invalidated on every IAM or policy change) and asks
 * the policy engine. Depends on {@code policy} (through {@link dev.berth.authz.PolicyEvaluator}),
 * {@code meta}, {@code auth} and leaves.
 */
package dev.berth.authz;
