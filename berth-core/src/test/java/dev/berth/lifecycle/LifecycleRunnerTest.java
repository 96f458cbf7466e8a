package dev.berth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.LeaseState;
import dev.berth.meta.LifecycleStore.PreviewResult;
import dev.berth.model.Digest;
import dev.berth.model.TagStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle runs and previews on a real SQLite store with the real ManifestService: what a preview
 * lists is what the next run deletes, deletions go as BatchDeleteImage's, index children and
 * referrers are handled as documented in {@code package-info.java}.
 */
class LifecycleRunnerTest {
  private static final String KEEP_TWO_ANY =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"keep two\",\"selection\":{"
          + "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":2},"
          + "\"action\":{\"type\":\"expire\"}}]}";
  private static final String UNTAGGED_AFTER_7_DAYS =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":7},"
          + "\"action\":{\"type\":\"expire\"}}]}";

  @TempDir Path dir;
  private Repo r;
  private LifecycleRunner runner;
  private LifecycleService service;
  private final List<Digest> transitioned = new java.util.ArrayList<>();

  @BeforeEach
  void open() {
    r = new Repo(dir);
    runner =
        new LifecycleRunner(
            r.meta,
            r.manifests,
            r.repositories,
            (repo, digest, target) -> transitioned.add(digest),
            r.clock);
    service = new LifecycleService(r.meta.lifecycle(), r.meta.leases(), runner, r.clock);
  }

  @AfterEach
  void close() {
    service.close();
    r.close();
  }

  @Test
  void run_expiresWhatThePreviewListed_andRecordsTheEvaluation() {
    Digest a = r.push("a", "v1");
    Digest b = r.untagged("b");
    Digest c = r.push("c", "v3");
    Digest d = r.push("d", "v4");
    service.put(r.repo, KEEP_TWO_ANY);
    assertThat(service.get(r.repo).lastEvaluatedAt()).isEmpty();

    service.startPreview(r.repo, Optional.empty());
    service.awaitPreviews();
    LifecycleService.Preview p = service.preview(r.repo);
    assertThat(p.status()).isEqualTo(LifecycleService.PreviewStatus.COMPLETE);
    assertThat(p.expiring()).isEqualTo(2);
    Set<Digest> previewed =
        service.results(r.repo, Optional.empty(), 100, TagStatus.ANY).items().stream()
            .map(PreviewResult::digest)
            .collect(Collectors.toSet());

    LifecycleRunner.Outcome o = runner.run(r.repo);

    Set<Digest> gone =
        Set.of(a, b, c, d).stream().filter(x -> !r.exists(x)).collect(Collectors.toSet());
    assertThat(previewed).isEqualTo(Set.of(a, b)).isEqualTo(gone);
    assertThat(o.expired()).isEqualTo(2);
    assertThat(r.manifests.tagged(r.repo, new dev.berth.model.Tag("v1"))).isEmpty();
    assertThat(service.get(r.repo).lastEvaluatedAt()).contains(r.clock.instant());
  }

  @Test
  void previewAndRun_agreeOnAMixedRepository_withIndexesReferrersAndRules() {
    service.put(
        r.repo,
        "{\"rules\":["
            + "{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"tagged\",\"tagPatternList\":"
            + "[\"release-*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
            + "\"action\":{\"type\":\"expire\"}},"
            + "{\"rulePriority\":2,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":"
            + "\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":3},"
            + "\"action\":{\"type\":\"expire\"}},"
            + "{\"rulePriority\":3,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
            + "\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30},"
            + "\"action\":{\"type\":\"transition\",\"targetStorageClass\":\"archive\"}}]}");
    Digest child1 = r.untagged("child-1");
    Digest child2 = r.untagged("child-2");
    Digest multi = r.push("multi", Optional.of("release-1"), Optional.empty(), child1, child2);
    Digest sig = r.push("sig-of-multi", Optional.empty(), Optional.of(multi));
    Digest orphan = r.untagged("orphan");
    r.clock.advance(Duration.ofDays(40));
    Digest release2 = r.push("release-2", "release-2");
    Digest fresh = r.untagged("fresh");
    Digest old = r.push("old", Optional.of("feature"), Optional.empty());
    r.clock.advance(Duration.ofDays(5));

    service.startPreview(r.repo, Optional.empty());
    service.awaitPreviews();
    List<PreviewResult> previewed =
        service.results(r.repo, Optional.empty(), 100, TagStatus.ANY).items();
    LifecycleRunner.Outcome o = runner.run(r.repo);

    assertThat(previewed)
        .extracting(
            PreviewResult::digest, PreviewResult::action, PreviewResult::appliedRulePriority)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(multi, "EXPIRE", 1),
            org.assertj.core.groups.Tuple.tuple(sig, "EXPIRE", 1),
            org.assertj.core.groups.Tuple.tuple(orphan, "EXPIRE", 2),
            org.assertj.core.groups.Tuple.tuple(fresh, "EXPIRE", 2));
    assertThat(previewed)
        .filteredOn(x -> x.digest().equals(multi))
        .singleElement()
        .satisfies(x -> assertThat(x.tags()).containsExactly("release-1"));
    assertThat(Set.of(multi, sig, orphan, fresh)).noneMatch(r::exists);
    // Index children wait for the next run; release-2 is kept by rule 1, old is 5 days old.
    assertThat(Set.of(child1, child2, release2, old)).allMatch(r::exists);
    assertThat(o.expired()).isEqualTo(4);
    assertThat(transitioned).isEmpty();

    // The next run: the children are ordinary untagged images now, over 3 days old.
    runner.run(r.repo);
    assertThat(r.exists(child1)).isFalse();
    assertThat(r.exists(child2)).isFalse();
    assertThat(r.exists(release2)).isTrue();
  }

  @Test
  void transition_callsTheArchivePort_andLeavesTheImage() {
    service.put(
        r.repo,
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
            + "\"sinceImagePulled\",\"countUnit\":\"days\",\"countNumber\":90},\"action\":"
            + "{\"type\":\"transition\",\"targetStorageClass\":\"archive\"}}]}");
    Digest stale = r.push("stale", "v1");
    r.clock.advance(Duration.ofDays(100));
    Digest recent = r.push("recent", "v2");
    LifecycleRunner.Outcome o = runner.run(r.repo);
    assertThat(transitioned).containsExactly(stale);
    assertThat(o.transitioned()).isEqualTo(1);
    assertThat(r.exists(stale)).isTrue();
    assertThat(r.exists(recent)).isTrue();
  }

  @Test
  void act_sparesAnImageTaggedSinceEvaluation_andOneAnIndexListsNow() {
    Digest a = r.untagged("a");
    Digest b = r.untagged("b");
    service.put(r.repo, UNTAGGED_AFTER_7_DAYS);
    r.clock.advance(Duration.ofDays(8));
    List<Verdict> plan =
        runner.plan(r.repo, LifecyclePolicy.parse(UNTAGGED_AFTER_7_DAYS), r.clock.instant());
    assertThat(plan).extracting(v -> v.image().digest()).containsExactlyInAnyOrder(a, b);
    // Between evaluation and deletion: a gets a tag, b is listed by a new index.
    r.manifests.put(
        r.repo,
        new dev.berth.model.Reference.ByTag(new dev.berth.model.Tag("now-tagged")),
        dev.berth.oci.MediaTypes.OCI_INDEX,
        r.manifests.get(r.repo, new dev.berth.model.Reference.ByDigest(a)).content());
    r.push("index", Optional.of("idx"), Optional.empty(), b);
    LifecycleRunner.Outcome o = runner.act(r.repo, plan, r.clock.instant());
    assertThat(r.exists(a)).isTrue();
    assertThat(r.exists(b)).isTrue();
    assertThat(o).isEqualTo(new LifecycleRunner.Outcome(1, 0, 0, 2));
  }

  @Test
  void preview_ofGivenText_leavesTheStoredPolicy_andRefusesASecondWhileInProgress()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService slow = Executors.newSingleThreadExecutor();
    LifecycleService held =
        new LifecycleService(r.meta.lifecycle(), r.meta.leases(), runner, r.clock, slow);
    try {
      r.untagged("a");
      slow.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      assertThatThrownBy(() -> held.startPreview(r.repo, Optional.empty()))
          .isInstanceOf(RegistryException.class)
          .satisfies(
              e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.NO_SUCH_ENTITY))
          .hasMessage(
              "Lifecycle policy does not exist for the repository with name 'team/app' in the"
                  + " registry with id '111122223333'");
      assertThat(held.startPreview(r.repo, Optional.of(KEEP_TWO_ANY)).status())
          .isEqualTo(LifecycleService.PreviewStatus.IN_PROGRESS);
      assertThat(held.preview(r.repo).status())
          .isEqualTo(LifecycleService.PreviewStatus.IN_PROGRESS);
      assertThatThrownBy(() -> held.startPreview(r.repo, Optional.of(KEEP_TWO_ANY)))
          .isInstanceOf(RegistryException.class)
          .satisfies(
              e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.IN_PROGRESS));
      release.countDown();
      held.awaitPreviews();
      LifecycleService.Preview done = held.preview(r.repo);
      assertThat(done.status()).isEqualTo(LifecycleService.PreviewStatus.COMPLETE);
      assertThat(done.text()).isEqualTo(KEEP_TWO_ANY);
      assertThat(done.expiring()).isZero();
      assertThatThrownBy(() -> held.get(r.repo))
          .satisfies(
              e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.NO_SUCH_ENTITY));
      r.clock.advance(LifecycleService.PREVIEW_LIFETIME.plusSeconds(1));
      assertThat(held.preview(r.repo).status()).isEqualTo(LifecycleService.PreviewStatus.EXPIRED);
    } finally {
      release.countDown();
      held.close();
    }
  }

  /**
   * Issue 12: a preview in progress belongs to whichever node holds its lease. Another node's
   * preview stays IN_PROGRESS (and refuses a second) while that node renews the lease, reads as
   * FAILED once the lease lapses, and can then be started again here.
   */
  @Test
  void anotherNodesPreview_isInProgressWhileItsLeaseIsHeld_andFailedOnceItLapses() {
    Instant until = r.clock.instant().plus(LifecycleService.PREVIEW_LEASE);
    assertThat(
            r.meta
                .leases()
                .take("preview:" + r.repo.id(), LeaseState.FREE, "other-node/1/1/x", until))
        .isTrue();
    r.meta.lifecycle().startPreview(r.repo.id(), KEEP_TWO_ANY, r.clock.instant());
    assertThat(service.preview(r.repo).status())
        .isEqualTo(LifecycleService.PreviewStatus.IN_PROGRESS);
    assertThatThrownBy(() -> service.startPreview(r.repo, Optional.of(KEEP_TWO_ANY)))
        .satisfies(
            e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.IN_PROGRESS));

    r.clock.advance(LifecycleService.PREVIEW_LEASE.plusSeconds(1));
    assertThat(service.preview(r.repo).status()).isEqualTo(LifecycleService.PreviewStatus.FAILED);
    assertThat(service.startPreview(r.repo, Optional.of(KEEP_TWO_ANY)).status())
        .isEqualTo(LifecycleService.PreviewStatus.IN_PROGRESS);
    service.awaitPreviews();
    assertThat(service.preview(r.repo).status()).isEqualTo(LifecycleService.PreviewStatus.COMPLETE);
  }

  @Test
  void previewWithoutALease_isFailed_andCanBeStartedAgain() {
    // As a node that stopped between recording a preview and running it leaves it.
    r.meta.lifecycle().startPreview(r.repo.id(), KEEP_TWO_ANY, r.clock.instant());
    assertThat(service.preview(r.repo).status()).isEqualTo(LifecycleService.PreviewStatus.FAILED);
    assertThat(service.startPreview(r.repo, Optional.of(KEEP_TWO_ANY)).status())
        .isEqualTo(LifecycleService.PreviewStatus.IN_PROGRESS);
    service.awaitPreviews();
    assertThat(service.preview(r.repo).status()).isEqualTo(LifecycleService.PreviewStatus.COMPLETE);
  }

  @Test
  void put_refusesAnInvalidPolicy_andDeleteReturnsTheOldOne() {
    assertThatThrownBy(() -> service.put(r.repo, "{\"rules\":[]}"))
        .satisfies(
            e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.INVALID_PARAMETER));
    service.put(r.repo, KEEP_TWO_ANY);
    runner.run(r.repo);
    LifecycleService.Policy old = service.delete(r.repo);
    assertThat(old.text()).isEqualTo(KEEP_TWO_ANY);
    assertThat(old.lastEvaluatedAt()).isPresent();
    assertThatThrownBy(() -> service.delete(r.repo))
        .satisfies(
            e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.NO_SUCH_ENTITY));
    assertThat(runner.runAll().repositories()).isZero();
  }

  @Test
  void runAll_runsEveryRepositoryWithAPolicy_andDeletingARepositoryDropsItsPolicy() {
    r.untagged("a");
    r.untagged("b");
    service.put(
        r.repo,
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":"
            + "\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":"
            + "{\"type\":\"expire\"}}]}");
    assertThat(runner.runAll()).isEqualTo(new LifecycleRunner.Outcome(1, 1, 0, 0));
    r.repositories.delete(r.repo.registry(), r.repo.name(), true);
    assertThat(r.meta.lifecycle().policyOwners()).isEmpty();
  }
}
