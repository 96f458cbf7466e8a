package dev.berth.meta;

import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Replication configurations of registries, and the queue and status of image replications. */
public interface ReplicationStore {
  /** The registry's replication configuration document, if it has one. */
  Optional<String> configuration(RegistryId registry);

  /** Replaces the registry's configuration document. */
  void setConfiguration(RegistryId registry, String document, Instant now);

  /**
   * Queues the image for {@code destination}, or queues it again (a new push of it): {@code
   * IN_PROGRESS}, due now, attempts reset, the generation one higher.
   */
  void enqueue(String repositoryId, Digest digest, RegistryId destination, Instant now);

  /** Up to {@code limit} {@code IN_PROGRESS} replications due at {@code now}, oldest due first. */
  List<ImageReplication> due(Instant now, int limit);

  /**
   * Records the outcome of the attempt that started from {@code started}: {@code COMPLETE}, {@code
   * FAILED} with a code, or still {@code IN_PROGRESS} with the next attempt's time. Returns false
   * (and changes nothing) when the image was pushed again meanwhile.
   */
  boolean record(ImageReplication started, ImageReplication outcome);

  /** The replications of the image, to every destination, in destination order. */
  List<ImageReplication> of(String repositoryId, Digest digest);
}
