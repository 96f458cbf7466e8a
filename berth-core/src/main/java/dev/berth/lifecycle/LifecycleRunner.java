package dev.berth.lifecycle;

import dev.berth.error.RegistryException;
import dev.berth.meta.LifecycleStore;
import dev.berth.meta.MetadataStore;
import dev.berth.model.Digest;
import dev.berth.model.ImageSummary;
import dev.berth.model.Repository;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs lifecycle policies: evaluates a repository's policy with the {@link Evaluator} (as its
 * preview does) and acts. {@code expire} deletes the image as BatchDeleteImage does by digest (the
 * manifest and its tags; never a manifest an index still lists), leaving its blobs to the garbage
 * collector; {@code transition} hands the image to {@link ImageTransitions}. Each act first checks,
 * in the transaction that deletes, that the image still has the tags it was judged by, so a tag
 * moved onto it meanwhile saves it until the next run.
 */
public final class LifecycleRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleRunner.class);

  private final MetadataStore meta;
  private final ManifestService manifests;
  private final RepositoryService repositories;
  private final ImageTransitions transitions;
  private final Clock clock;
  private final RepositoryImages images;

  public LifecycleRunner(
      MetadataStore meta,
      ManifestService manifests,
      RepositoryService repositories,
      ImageTransitions transitions,
      Clock clock) {
    this.meta = meta;
    this.manifests = manifests;
    this.repositories = repositories;
    this.transitions = transitions;
    this.clock = clock;
    this.images = new RepositoryImages(manifests, meta.lifecycle());
  }

  /**
   * What one run did.
   *
   * @param skipped images the policy marked that changed or went before they were acted on
   */
  public record Outcome(int repositories, int expired, int transitioned, int skipped) {
    static final Outcome NONE = new Outcome(0, 0, 0, 0);

    Outcome plus(Outcome o) {
      return new Outcome(
          repositories + o.repositories,
          expired + o.expired,
          transitioned + o.transitioned,
          skipped + o.skipped);
    }
  }

  /** What the policy would act on in the repository now: the plan a run carries out. */
  List<Verdict> plan(Repository repo, LifecyclePolicy policy, Instant now) {
    return Evaluator.evaluate(policy, images.of(repo), now);
  }

  /** Runs every repository's policy; a failure in one repository does not stop the others. */
  public Outcome runAll() {
    Outcome total = Outcome.NONE;
    for (LifecycleStore.PolicyOwner owner : meta.lifecycle().policyOwners()) {
      Optional<Repository> repo = repositories.find(owner.registry(), owner.name());
      if (repo.isEmpty()) {
        continue;
      }
      try {
        total = total.plus(run(repo.get()));
      } catch (RuntimeException e) {
        LOG.warn("failed to run the lifecycle policy repository={}", owner.name(), e);
      }
    }
    return total;
  }

  /** Runs the repository's policy now, if it has one, and records the evaluation time. */
  public Outcome run(Repository repo) {
    Optional<LifecycleStore.StoredPolicy> stored = meta.lifecycle().policy(repo.id());
    if (stored.isEmpty()) {
      return Outcome.NONE;
    }
    LifecyclePolicy policy;
    try {
      policy = LifecyclePolicy.parse(stored.get().text());
    } catch (RegistryException e) {
      LOG.warn("stored lifecycle policy no longer validates repository={}", repo.name(), e);
      return Outcome.NONE;
    }
    Instant now = clock.instant();
    return act(repo, plan(repo, policy, now), now);
  }

  /** Carries out a plan made at {@code now} and records the evaluation time. */
  Outcome act(Repository repo, List<Verdict> plan, Instant now) {
    int expired = 0;
    int transitioned = 0;
    int skipped = 0;
    for (Verdict v : plan) {
      boolean done =
          v.action() == ActionType.EXPIRE
              ? expire(repo, v)
              : transitions.transition(repo, v.image().digest(), v.target().orElseThrow());
      if (!done) {
        skipped++;
      } else if (v.action() == ActionType.EXPIRE) {
        expired++;
      } else {
        transitioned++;
      }
    }
    meta.lifecycle().markEvaluated(repo.id(), now);
    if (expired + transitioned + skipped > 0) {
      LOG.info(
          "lifecycle policy ran repository={} expired={} transitioned={} skipped={}",
          repo.name(),
          expired,
          transitioned,
          skipped);
    }
    return new Outcome(1, expired, transitioned, skipped);
  }

  private boolean expire(Repository repo, Verdict v) {
    Digest digest = v.image().digest();
    try {
      return meta.transactions()
          .inTransaction(
              () -> {
                List<ImageSummary> now = manifests.describe(repo, List.of(digest));
                if (now.isEmpty()
                    || !new HashSet<>(now.get(0).tags()).equals(new HashSet<>(v.image().tags()))) {
                  return false;
                }
                manifests.deleteImage(repo, Optional.of(digest), Optional.empty());
                LOG.info(
                    "lifecycle expired image repository={} digest={} rulePriority={}",
                    repo.name(),
                    digest,
                    v.appliedRulePriority());
                return true;
              });
    } catch (RegistryException e) {
      LOG.info(
          "lifecycle left an image repository={} digest={} reason={}",
          repo.name(),
          digest,
          e.getMessage());
      return false;
    }
  }
}
