package dev.berth.meta;

import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.Optional;

/**
 * The replication of one image (a manifest of a source repository) to one destination registry: the
 * queue entry and its status at once.
 *
 * @param generation grows with every push of the image; a copy records its outcome only for the
 *     generation it started from
 * @param failureCode why a {@code FAILED} replication gave up
 * @param lastError what the last failed attempt reported, for operators
 */
public record ImageReplication(
    String repositoryId,
    Digest digest,
    RegistryId destination,
    Status status,
    Optional<String> failureCode,
    Optional<String> lastError,
    int attempts,
    long generation,
    Instant nextAttemptAt,
    Instant updatedAt) {

  /** ECR's replication statuses. */
  public enum Status {
    IN_PROGRESS,
    COMPLETE,
    FAILED
  }
}
