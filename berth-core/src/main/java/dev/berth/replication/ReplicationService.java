package dev.berth.replication;

import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.DomainEvent;
import dev.berth.meta.ImageReplication;
import dev.berth.meta.MetadataStore;
import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Replication configurations (PutReplicationConfiguration, DescribeRegistry), the queueing of
 * pushed images, and their replication statuses (DescribeImageReplicationStatus).
 */
public final class ReplicationService {
  /** ECR's quota: distinct destinations across all rules of a configuration. */
  static final int MAX_DESTINATIONS = 25;

  /**
   * Set while the worker stores a replicated image, whose push must not be replicated again (ECR
   * does not chain replication).
   */
  private static final ThreadLocal<Boolean> REPLICATING = ThreadLocal.withInitial(() -> false);

  private final MetadataStore meta;
  private final Clock clock;
  private final List<String> regions;
  private final Set<RegistryId> remotes;

  /**
   * @param regions the regions the deployment serves
   * @param remotes the registries of other deployments configured as destinations (a destination
   *     must be in a served region or one of these)
   */
  public ReplicationService(
      MetadataStore meta, Clock clock, List<String> regions, Set<RegistryId> remotes) {
    this.meta = meta;
    this.clock = clock;
    this.regions = List.copyOf(regions);
    this.remotes = Set.copyOf(remotes);
  }

  /** The registry's configuration; {@link ReplicationConfiguration#NONE} when it has none. */
  public ReplicationConfiguration configuration(RegistryId registry) {
    return meta.replication()
        .configuration(registry)
        .map(ReplicationService::parse)
        .orElse(ReplicationConfiguration.NONE);
  }

  /** Validates and stores the registry's configuration, replacing the one it had. */
  public ReplicationConfiguration put(RegistryId registry, ReplicationConfiguration config) {
    Set<RegistryId> destinations = config.destinations();
    if (destinations.size() > MAX_DESTINATIONS) {
      throw invalid(
          "a replication configuration may have at most "
              + MAX_DESTINATIONS
              + " distinct destinations, got "
              + destinations.size());
    }
    for (RegistryId d : destinations) {
      if (d.equals(registry)) {
        throw invalid(
            "the destination region "
                + d.region()
                + " and registry "
                + d.account().value()
                + " is the source registry itself");
      }
      if (!regions.contains(d.region()) && !remotes.contains(d)) {
        throw invalid(
            "the destination region "
                + d.region()
                + " is not one this deployment serves "
                + regions
                + " and registry "
                + d.account().value()
                + " there is not a configured remote registry");
      }
    }
    meta.accounts().ensure(registry.account(), clock.instant());
    meta.transactions()
        .run(
            () -> {
              meta.replication()
                  .setConfiguration(
                      registry,
                      new String(
                          Json.write(config.toJson()), java.nio.charset.StandardCharsets.UTF_8),
                      clock.instant());
              meta.events().append(DomainEvent.registryChanged(registry), clock.instant());
            });
    return config;
  }

  /**
   * The outbox hook, inside the push's transaction: a pushed image of a repository whose registry
   * replicates it is queued for each destination.
   */
  public void queue(DomainEvent event) {
    if (event.kind() != DomainEvent.Kind.IMAGE_PUSHED
        || REPLICATING.get()
        || !RegistryId.isRegionName(event.region())
        || !RepositoryName.isValid(event.subject())) {
      return;
    }
    RegistryId registry = new RegistryId(event.account(), event.region());
    Optional<String> document = meta.replication().configuration(registry);
    if (document.isEmpty()) {
      return;
    }
    RepositoryName name = new RepositoryName(event.subject());
    Set<RegistryId> destinations = parse(document.get()).destinationsOf(name);
    if (destinations.isEmpty()) {
      return;
    }
    Optional<Repository> repo = meta.repositories().find(registry, name);
    Optional<Digest> digest = Digest.parse(event.detail());
    if (repo.isEmpty() || digest.isEmpty()) {
      return;
    }
    for (RegistryId destination : destinations) {
      meta.replication().enqueue(repo.get().id(), digest.get(), destination, clock.instant());
    }
  }

  /** The image's replication to each destination, for DescribeImageReplicationStatus. */
  public List<ImageReplication> statuses(Repository repo, Digest digest) {
    return meta.replication().of(repo.id(), digest);
  }

  /** Runs {@code work} as the replication worker's own push: not queued for replication again. */
  static <T> T asReplica(java.util.function.Supplier<T> work) {
    REPLICATING.set(true);
    try {
      return work.get();
    } finally {
      REPLICATING.set(false);
    }
  }

  private static ReplicationConfiguration parse(String document) {
    try {
      return ReplicationConfiguration.fromJson(Json.mapper().readTree(document));
    } catch (IOException e) {
      throw new UncheckedIOException("stored replication configuration is not JSON", e);
    }
  }

  private static RegistryException invalid(String detail) {
    return new RegistryException(
        ErrorKind.INVALID_PARAMETER,
        "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: '"
            + detail
            + "'");
  }
}
