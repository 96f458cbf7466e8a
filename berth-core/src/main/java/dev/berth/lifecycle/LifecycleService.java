package dev.berth.lifecycle;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.lease.Lease;
import dev.berth.meta.LeaseStore;
import dev.berth.meta.LifecycleStore;
import dev.berth.meta.LifecycleStore.PreviewResult;
import dev.berth.meta.LifecycleStore.StoredPolicy;
import dev.berth.meta.LifecycleStore.StoredPreview;
import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.Repository;
import dev.berth.model.TagStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A repository's lifecycle policy (Put/Get/DeleteLifecyclePolicy) and its preview
 * (Start/GetLifecyclePolicyPreview). A preview runs in the background on the plan of {@link
 * LifecycleRunner}, so it lists exactly what a run at that moment acts on.
 */
public final class LifecycleService implements AutoCloseable {
  /** How long a completed preview's results are kept before it answers {@code EXPIRED}. */
  public static final Duration PREVIEW_LIFETIME = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleService.class);

  /**
   * How long the lease of a running preview lasts unless renewed: a preview whose node stopped
   * reads as FAILED, and may be started again, once it has lapsed.
   */
  public static final Duration PREVIEW_LEASE = Duration.ofMinutes(2);

  private static final String INTERRUPTED =
      "The node running the preview stopped before it completed";

  private final LifecycleStore store;
  private final LeaseStore leases;
  private final LifecycleRunner runner;
  private final Clock clock;
  private final ExecutorService previews;

  /** The leases of this process's previews, queued or running, by lease name. */
  private final Map<String, Lease> running = new ConcurrentHashMap<>();

  private final Thread renewer;

  public LifecycleService(
      LifecycleStore store, LeaseStore leases, LifecycleRunner runner, Clock clock) {
    this(
        store,
        leases,
        runner,
        clock,
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "berth-lifecycle-preview");
              t.setDaemon(true);
              return t;
            }));
  }

  /** With the executor previews run on (one thread: previews run in the order started). */
  LifecycleService(
      LifecycleStore store,
      LeaseStore leases,
      LifecycleRunner runner,
      Clock clock,
      ExecutorService previews) {
    this.leases = leases;
    this.store = store;
    this.runner = runner;
    this.clock = clock;
    this.previews = previews;
    this.renewer = Thread.ofVirtual().name("berth-preview-leases").start(this::keepRenewed);
  }

  private void keepRenewed() {
    while (true) {
      try {
        Thread.sleep(PREVIEW_LEASE.toMillis() / 3);
      } catch (InterruptedException e) {
        return;
      }
      for (Lease lease : running.values()) {
        try {
          lease.renew();
        } catch (RuntimeException e) {
          LOG.warn("failed to renew a preview's lease holder={}", lease.holder(), e);
        }
      }
    }
  }

  private static String leaseName(Repository repo) {
    return "preview:" + repo.id();
  }

  /** A stored policy as the API reports it. */
  public record Policy(String text, Optional<Instant> lastEvaluatedAt) {}

  /** A preview's status as ECR names it. */
  public enum PreviewStatus {
    IN_PROGRESS,
    COMPLETE,
    EXPIRED,
    FAILED
  }

  /**
   * A repository's latest preview.
   *
   * @param expiring images the policy expires (when COMPLETE)
   * @param transitioning images the policy moves to the archive (when COMPLETE)
   */
  public record Preview(String text, PreviewStatus status, int expiring, int transitioning) {}

  /** Validates and stores the repository's policy. */
  public Policy put(Repository repo, String text) {
    LifecyclePolicy.parse(text);
    store.putPolicy(repo.id(), text, clock.instant());
    return new Policy(text, Optional.empty());
  }

  public Policy get(Repository repo) {
    StoredPolicy p = store.policy(repo.id()).orElseThrow(() -> noPolicy(repo));
    return new Policy(p.text(), p.lastEvaluatedAt());
  }

  /** Removes the policy; returns what it was. */
  public Policy delete(Repository repo) {
    Policy old = get(repo);
    store.deletePolicy(repo.id());
    return old;
  }

  /**
   * Starts a preview of {@code text}, or of the stored policy when none is given, and returns at
   * once (IN_PROGRESS); a preview already in progress on any node refuses a second. The preview
   * runs holding the repository's preview lease, taken here before the preview is recorded, so that
   * a preview in progress whose lease is not held is one whose node stopped.
   */
  public Preview startPreview(Repository repo, Optional<String> text) {
    String policyText = text.orElseGet(() -> get(repo).text());
    LifecyclePolicy policy = LifecyclePolicy.parse(policyText);
    String name = leaseName(repo);
    Lease lease =
        Lease.acquire(leases, name, PREVIEW_LEASE, clock)
            .taken()
            .orElseThrow(LifecycleService::inProgress);
    try {
      // Holding the lease, a preview still in progress is one whose node stopped.
      store.failPreview(repo.id(), INTERRUPTED, clock.instant());
      if (!store.startPreview(repo.id(), policyText, clock.instant())) {
        throw inProgress();
      }
      running.put(name, lease);
      previews.execute(() -> runPreview(repo, policy, name, lease));
    } catch (RuntimeException e) {
      running.remove(name);
      lease.release();
      throw e;
    }
    return new Preview(policyText, PreviewStatus.IN_PROGRESS, 0, 0);
  }

  private static RegistryException inProgress() {
    return new RegistryException(
        ErrorKind.IN_PROGRESS,
        "The previous lifecycle policy preview request has not completed. Wait and try again.");
  }

  private void runPreview(Repository repo, LifecyclePolicy policy, String name, Lease lease) {
    try {
      plan(repo, policy);
    } finally {
      running.remove(name);
      lease.release();
    }
  }

  private void plan(Repository repo, LifecyclePolicy policy) {
    try {
      List<PreviewResult> results =
          runner.plan(repo, policy, clock.instant()).stream()
              .map(LifecycleService::result)
              .toList();
      store.completePreview(repo.id(), results, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("failed to preview the lifecycle policy repository={}", repo.name(), e);
      try {
        store.failPreview(repo.id(), "The preview could not be completed", clock.instant());
      } catch (RuntimeException again) {
        LOG.debug("failed to record a failed preview repository={}", repo.name(), again);
      }
    }
  }

  static PreviewResult result(Verdict v) {
    return new PreviewResult(
        v.image().digest(),
        v.image().tags(),
        v.image().pushedAt(),
        v.action().name(),
        v.target().map(StorageClass::name),
        v.appliedRulePriority(),
        v.image().storageClass().orElse(StorageClass.ARCHIVE).name());
  }

  /**
   * The repository's latest preview; one in progress whose lease nobody holds (its node stopped) is
   * FAILED.
   */
  public Preview preview(Repository repo) {
    StoredPreview p = store.preview(repo.id()).orElseThrow(() -> noPreview(repo));
    if (p.status() == LifecycleStore.PreviewStatus.IN_PROGRESS
        && !Lease.live(leases.get(leaseName(repo)), clock.instant())) {
      store.failPreview(repo.id(), INTERRUPTED, clock.instant());
      // Read again: the preview may have completed meanwhile, and its lease been released.
      p = store.preview(repo.id()).orElseThrow(() -> noPreview(repo));
    }
    PreviewStatus status =
        switch (p.status()) {
          case IN_PROGRESS -> PreviewStatus.IN_PROGRESS;
          case FAILED -> PreviewStatus.FAILED;
          case COMPLETE ->
              p.completedAt().orElse(p.startedAt()).plus(PREVIEW_LIFETIME).isBefore(clock.instant())
                  ? PreviewStatus.EXPIRED
                  : PreviewStatus.COMPLETE;
        };
    if (status != PreviewStatus.COMPLETE) {
      return new Preview(p.policyText(), status, 0, 0);
    }
    Map<String, Integer> counts = store.previewActionCounts(repo.id());
    return new Preview(
        p.policyText(),
        status,
        counts.getOrDefault(ActionType.EXPIRE.name(), 0),
        counts.getOrDefault(ActionType.TRANSITION.name(), 0));
  }

  /** One page of a complete preview's results, in digest order. */
  public Page<PreviewResult> results(
      Repository repo, Optional<String> after, int limit, TagStatus status) {
    return store.previewResults(repo.id(), after, limit, status);
  }

  /** A complete preview's results for these images. */
  public List<PreviewResult> results(Repository repo, Collection<Digest> digests) {
    return store.previewResults(repo.id(), digests);
  }

  /** Waits until every preview started so far has finished (tests, orderly shutdown). */
  public void awaitPreviews() {
    Future<?> marker = previews.submit(() -> {});
    try {
      marker.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    previews.shutdownNow();
    renewer.interrupt();
    // Interrupted previews read as FAILED at once rather than when their leases lapse.
    for (Lease lease : running.values()) {
      try {
        lease.release();
      } catch (RuntimeException e) {
        LOG.debug("failed to release a preview's lease holder={}", lease.holder(), e);
      }
    }
  }

  private static RegistryException noPolicy(Repository repo) {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY,
        "Lifecycle policy does not exist for the repository with name '"
            + repo.name().value()
            + "' in the registry with id '"
            + repo.account().value()
            + "'");
  }

  private static RegistryException noPreview(Repository repo) {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY,
        "Lifecycle policy preview does not exist for the repository with name '"
            + repo.name().value()
            + "' in the registry with id '"
            + repo.account().value()
            + "'");
  }
}
