package dev.berth.replication;

import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;

/** What replication needs of the destination side, wired by the composition root. */
public interface DestinationRegistries {
  /**
   * Creates the destination repository (with the REPLICATION creation template's settings, or ECR's
   * defaults); a repository created meanwhile by someone else is returned as it is.
   */
  Repository create(RegistryId registry, RepositoryName name);

  /**
   * Whether the destination registry's policy lets {@code source} (its root, as ECR's replication
   * acts for the source account) do {@code action} on {@code resourceArn}.
   */
  boolean allows(AccountId source, RegistryId destination, String action, String resourceArn);
}
