package dev.berth.meta;

import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import java.util.Optional;

/** Repositories of each private registry (account and region). */
public interface RepositoryStore {
  /** Inserts a repository; returns false (and changes nothing) when the name is taken. */
  boolean create(Repository repository);

  Optional<Repository> find(RegistryId registry, RepositoryName name);

  /** The repository with this id, if it still exists. */
  Optional<Repository> findById(String repositoryId);

  /**
   * Whether the repository with this id still exists. Inside a transaction this is the check that
   * guards writes against a concurrent delete of the repository.
   */
  boolean exists(String repositoryId);

  /** Repositories of the registry ordered by name, starting after {@code after}. */
  Page<Repository> list(RegistryId registry, Optional<String> after, int limit);

  /** Replaces the repository's settings; false when it does not exist. */
  boolean updateSettings(String repositoryId, dev.berth.model.RepositorySettings settings);

  /** Deletes the repository with its manifests, tags, blob links and upload sessions. */
  boolean delete(String repositoryId);
}
