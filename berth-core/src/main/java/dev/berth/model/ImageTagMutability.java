package dev.berth.model;

/** ECR's tag mutability setting of a repository. */
public enum ImageTagMutability {
  MUTABLE,
  IMMUTABLE,
  /** Immutable, except tags matching an exclusion filter. */
  IMMUTABLE_WITH_EXCLUSION,
  /** Mutable, except tags matching an exclusion filter. */
  MUTABLE_WITH_EXCLUSION
}
