package dev.berth.registry;

import dev.berth.error.Errors;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;

/**
 * What a push to a repository that does not exist may do instead of failing: create it, when the
 * registry is set up to (ECR's {@code CREATE_ON_PUSH} repository creation templates, wired by the
 * composition root). The APIs authorize the creation ({@code ecr:CreateRepository}) in between.
 */
public interface MissingRepositories {
  /** No repository is created by a push: a push to a missing one fails. */
  MissingRepositories NONE =
      new MissingRepositories() {
        @Override
        public boolean createdOnPush(RegistryId registry, RepositoryName name) {
          return false;
        }

        @Override
        public Repository createForPush(RegistryId registry, RepositoryName name) {
          throw Errors.repositoryNotFound(registry.account(), name);
        }
      };

  /** Whether a push to the missing repository would create it. */
  boolean createdOnPush(RegistryId registry, RepositoryName name);

  /** Creates the repository a push names, or returns the one a racing push created. */
  Repository createForPush(RegistryId registry, RepositoryName name);

  /**
   * The repository a push to a missing one gets: created once {@code authorizeCreation} passes (it
   * throws when the caller may not create it), when a push creates it; else {@code
   * REPOSITORY_NOT_FOUND} with ECR's message, as without this.
   */
  default Repository forPush(RegistryId registry, RepositoryName name, Runnable authorizeCreation) {
    if (!createdOnPush(registry, name)) {
      throw Errors.repositoryNotFound(registry.account(), name);
    }
    authorizeCreation.run();
    return createForPush(registry, name);
  }
}
