package dev.berth.iam;

/** Checks a policy document on write; throws {@code MALFORMED_POLICY} with a useful message. */
@FunctionalInterface
public interface PolicyValidator {
  /** What the document is for (limits and required elements differ). */
  enum Kind {
    IDENTITY,
    TRUST,
    /** Any resource-based policy (as IAM's policy simulator takes one). */
    RESOURCE,
    /** An ECR repository policy: resource-based, {@code ecr:} actions only. */
    REPOSITORY,
    /** An ECR registry policy: resource-based, only the actions ECR enforces on a registry. */
    REGISTRY,
    /** An ECR Public repository policy: resource-based, {@code ecr-public:} actions only. */
    PUBLIC_REPOSITORY
  }

  void validate(String document, Kind kind);
}
