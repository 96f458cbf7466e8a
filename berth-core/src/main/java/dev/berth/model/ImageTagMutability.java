package dev.berth.model;

/** ECR's tag mutability setting of a repository. */
public enum ImageTagMutability {
  MUTABLE,
  IMMUTABLE
}
