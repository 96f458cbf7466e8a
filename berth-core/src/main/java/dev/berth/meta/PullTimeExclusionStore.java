package dev.berth.meta;

import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.Optional;

/** Per registry (account), the IAM principals whose pulls do not update pull times. */
public interface PullTimeExclusionStore {
  /** Adds the principal; false (no change) when it is already listed. */
  boolean add(RegistryId registry, String principalArn, Instant now);

  /** Removes the principal; returns whether it was listed. */
  boolean remove(RegistryId registry, String principalArn);

  /** When the principal was listed, if it is. */
  Optional<Instant> find(RegistryId registry, String principalArn);

  /** The account's listed principals in ARN order, after {@code after}. */
  Page<String> list(RegistryId registry, Optional<String> after, int limit);

  int count(RegistryId registry);
}
