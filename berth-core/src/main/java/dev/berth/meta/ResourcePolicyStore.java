package dev.berth.meta;

import dev.berth.model.RegistryId;
import java.util.Optional;

/** ECR resource policies: one per repository, one per registry. */
public interface ResourcePolicyStore {
  Optional<String> repositoryPolicy(String repositoryId);

  void setRepositoryPolicy(String repositoryId, String document);

  boolean deleteRepositoryPolicy(String repositoryId);

  Optional<String> registryPolicy(RegistryId registry);

  void setRegistryPolicy(RegistryId registry, String document);

  boolean deleteRegistryPolicy(RegistryId registry);
}
