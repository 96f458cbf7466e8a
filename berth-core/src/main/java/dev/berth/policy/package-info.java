/**
 * The IAM policy language: parse and validate policy documents ({@link dev.berth.policy.Policy}),
 * match actions, resources, principals and conditions, and evaluate a request to a {@link
 * dev.berth.policy.Decision} naming the statements that decided it ({@link
 * dev.berth.policy.PolicyEvaluator}); the AWS managed policies for ECR ({@link
 * dev.berth.policy.ManagedPolicies}). Pure logic, no I/O, no clock (the caller puts the time in the
 * {@link dev.berth.policy.RequestContext}); depends on {@code model}, {@code error}, {@code common}
 * and Jackson for parsing.
 */
package dev.berth.policy;
