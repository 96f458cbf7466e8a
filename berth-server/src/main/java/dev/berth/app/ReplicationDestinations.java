package dev.berth.app;

import dev.berth.auth.Principal;
import dev.berth.authz.AccessRequest;
import dev.berth.authz.Authorizer;
import dev.berth.authz.Contexts;
import dev.berth.config.BerthConfig;
import dev.berth.model.AccountId;
import dev.berth.model.AppliedFor;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.RepositoryService;
import dev.berth.replication.DestinationRegistries;
import dev.berth.replication.RemoteRegistry;
import dev.berth.templates.CreationTemplateService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The destination side of replication within this deployment: repositories created with the
 * REPLICATION creation template that applies (ECR's defaults without one), and the destination
 * registry's policy deciding what the source account may do there (evaluated as for the source
 * account's root, the principal ECR's replication acts as).
 */
final class ReplicationDestinations implements DestinationRegistries {
  private final RepositoryService repositories;
  private final CreationTemplateService templates;
  private final Authorizer authorizer;
  private final Clock clock;

  ReplicationDestinations(
      RepositoryService repositories,
      CreationTemplateService templates,
      Authorizer authorizer,
      Clock clock) {
    this.repositories = repositories;
    this.templates = templates;
    this.authorizer = authorizer;
    this.clock = clock;
  }

  /** The configured remote registries, as replication names them. */
  static List<RemoteRegistry> remotes(BerthConfig.ReplicationConfig config) {
    return config.remotes().stream()
        .map(
            r ->
                new RemoteRegistry(
                    new RegistryId(r.registryId(), r.region()),
                    r.endpoint(),
                    r.registryUrl(),
                    r.accessKeyId(),
                    r.secretAccessKey()))
        .toList();
  }

  @Override
  public Repository create(RegistryId registry, RepositoryName name) {
    return templates.createFromTemplate(registry, name, AppliedFor.REPLICATION);
  }

  @Override
  public boolean allows(
      AccountId source, RegistryId destination, String action, String resourceArn) {
    Optional<String> policy = repositories.registryPolicy(destination);
    if (policy.isEmpty()) {
      return false;
    }
    Principal root = Principal.root(source, "");
    return authorizer
        .decide(
            new AccessRequest(
                root,
                action,
                resourceArn,
                destination.account(),
                policy,
                Contexts.base(root, "", false, clock.instant())))
        .allowed();
  }
}
