package dev.berth.meta;

import dev.berth.model.RegistryId;
import java.util.List;
import java.util.Optional;

/** Per registry (account and region), the pull-through cache rules keyed by their ECR prefix. */
public interface PullThroughRuleStore {
  /** Adds the rule; false (no change) when the registry has a rule with that prefix. */
  boolean insert(PullThroughRule rule);

  /** Replaces the credentials and update time of an existing rule; false when there is none. */
  boolean update(PullThroughRule rule);

  /** Removes the rule; returns whether it existed. */
  boolean delete(RegistryId registry, String ecrRepositoryPrefix);

  Optional<PullThroughRule> find(RegistryId registry, String ecrRepositoryPrefix);

  /** The registry's rules in prefix order (a registry holds few: ECR allows 50). */
  List<PullThroughRule> list(RegistryId registry);
}
