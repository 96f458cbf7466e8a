package dev.berth.pullthrough;

import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;

/**
 * Creates the repository a first pull through a rule caches into. The composition root decides its
 * settings (ECR's defaults, or a repository creation template).
 */
@FunctionalInterface
public interface CacheRepositories {
  /** Creates the repository; {@code REPOSITORY_ALREADY_EXISTS} when a concurrent pull won. */
  Repository create(RegistryId registry, RepositoryName name);
}
