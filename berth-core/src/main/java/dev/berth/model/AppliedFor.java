package dev.berth.model;

/** The repository creation scenarios a repository creation template applies to (ECR's names). */
public enum AppliedFor {
  /** Repositories that replication creates in a destination registry. */
  REPLICATION,
  /** Repositories that a pull-through cache rule creates on the first pull. */
  PULL_THROUGH_CACHE,
  /** Repositories that a push to a missing repository creates. */
  CREATE_ON_PUSH
}
