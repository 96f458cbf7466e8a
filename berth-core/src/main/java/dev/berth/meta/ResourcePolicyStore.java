package dev.berth.meta;

import dev.berth.model.AccountId;
import java.util.Optional;

/** ECR resource policies: one per repository, one per registry. */
public interface ResourcePolicyStore {
  Optional<String> repositoryPolicy(String repositoryId);

  void setRepositoryPolicy(String repositoryId, String document);

  boolean deleteRepositoryPolicy(String repositoryId);

  Optional<String> registryPolicy(AccountId account);

  void setRegistryPolicy(AccountId account, String document);

  boolean deleteRegistryPolicy(AccountId account);
}
