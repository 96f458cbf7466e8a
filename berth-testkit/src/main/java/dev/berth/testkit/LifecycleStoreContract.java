package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.meta.LifecycleStore;
import dev.berth.meta.LifecycleStore.PreviewResult;
import dev.berth.meta.LifecycleStore.PreviewStatus;
import dev.berth.meta.ManifestReference;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.TagStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend of {@link LifecycleStore} and {@link dev.berth.meta.PullTimeExclusionStore}
 * promises (issue 10); a backend test supplies a fresh store.
 */
public abstract class LifecycleStoreContract extends MetadataFixture {

  private Repository repo;

  @BeforeEach
  void createRepository() {
    repo = repo("team/app");
  }

  private static PreviewResult result(String name, List<String> tags, String action) {
    return new PreviewResult(
        digest(name),
        tags,
        NOW,
        action,
        "TRANSITION".equals(action) ? Optional.of("ARCHIVE") : Optional.empty(),
        1,
        "STANDARD");
  }

  @Test
  void policy_putReplacesAndResetsTheEvaluation_deleteRemoves() {
    LifecycleStore s = meta.lifecycle();
    assertThat(s.policy(repo.id())).isEmpty();
    s.putPolicy(repo.id(), "one", NOW);
    s.markEvaluated(repo.id(), NOW.plusSeconds(5));
    assertThat(s.policy(repo.id()).orElseThrow().lastEvaluatedAt()).contains(NOW.plusSeconds(5));
    s.putPolicy(repo.id(), "two", NOW.plusSeconds(9));
    LifecycleStore.StoredPolicy p = s.policy(repo.id()).orElseThrow();
    assertThat(p.text()).isEqualTo("two");
    assertThat(p.lastEvaluatedAt()).isEmpty();
    assertThat(s.policyOwners())
        .containsExactly(new LifecycleStore.PolicyOwner(repo.id(), REGISTRY, repo.name()));
    assertThat(s.deletePolicy(repo.id())).isTrue();
    assertThat(s.deletePolicy(repo.id())).isFalse();
    assertThat(s.policyOwners()).isEmpty();
  }

  @Test
  void preview_startIsRefusedWhileInProgress_completeKeepsResultsInDigestOrder() {
    LifecycleStore s = meta.lifecycle();
    assertThat(s.startPreview(repo.id(), "p", NOW)).isTrue();
    assertThat(s.startPreview(repo.id(), "q", NOW)).isFalse();
    assertThat(s.preview(repo.id()).orElseThrow().status()).isEqualTo(PreviewStatus.IN_PROGRESS);
    s.completePreview(
        repo.id(),
        List.of(
            result("a", List.of("v1", "latest"), "EXPIRE"),
            result("b", List.of(), "EXPIRE"),
            result("c", List.of(), "TRANSITION")),
        NOW.plusSeconds(1));
    LifecycleStore.StoredPreview done = s.preview(repo.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(PreviewStatus.COMPLETE);
    assertThat(done.policyText()).isEqualTo("p");
    assertThat(done.completedAt()).contains(NOW.plusSeconds(1));
    assertThat(s.previewActionCounts(repo.id())).isEqualTo(Map.of("EXPIRE", 2, "TRANSITION", 1));
    Page<PreviewResult> first = s.previewResults(repo.id(), Optional.empty(), 2, TagStatus.ANY);
    Page<PreviewResult> rest = s.previewResults(repo.id(), first.next(), 2, TagStatus.ANY);
    assertThat(first.items()).hasSize(2);
    assertThat(rest.items()).hasSize(1);
    assertThat(rest.next()).isEmpty();
    List<String> order =
        java.util.stream.Stream.concat(first.items().stream(), rest.items().stream())
            .map(r -> r.digest().toString())
            .toList();
    assertThat(order).isSorted();
    assertThat(s.previewResults(repo.id(), Optional.empty(), 10, TagStatus.TAGGED).items())
        .singleElement()
        .satisfies(r -> assertThat(r.tags()).containsExactly("v1", "latest"));
    assertThat(s.previewResults(repo.id(), Optional.empty(), 10, TagStatus.UNTAGGED).items())
        .hasSize(2);
    assertThat(s.previewResults(repo.id(), List.of(digest("c"), digest("zz"))))
        .singleElement()
        .satisfies(r -> assertThat(r.targetStorageClass()).contains("ARCHIVE"));
    // A new preview replaces the finished one and its results.
    assertThat(s.startPreview(repo.id(), "r", NOW.plusSeconds(2))).isTrue();
    s.completePreview(repo.id(), List.of(), NOW.plusSeconds(3));
    assertThat(s.previewResults(repo.id(), Optional.empty(), 10, TagStatus.ANY).items()).isEmpty();
  }

  @Test
  void preview_failsOnlyWhileInProgress() {
    LifecycleStore s = meta.lifecycle();
    s.startPreview(repo.id(), "p", NOW);
    s.failPreview(repo.id(), "boom", NOW);
    assertThat(s.preview(repo.id()).orElseThrow().failure()).contains("boom");
    assertThat(s.preview(repo.id()).orElseThrow().status()).isEqualTo(PreviewStatus.FAILED);
    s.startPreview(repo.id(), "p", NOW);
    s.completePreview(repo.id(), List.of(), NOW);
    s.failPreview(repo.id(), "too late", NOW);
    assertThat(s.preview(repo.id()).orElseThrow().status()).isEqualTo(PreviewStatus.COMPLETE);
  }

  @Test
  void deletingTheRepository_dropsItsPolicyAndPreview() {
    meta.lifecycle().putPolicy(repo.id(), "p", NOW);
    meta.lifecycle().startPreview(repo.id(), "p", NOW);
    meta.lifecycle().completePreview(repo.id(), List.of(result("a", List.of(), "EXPIRE")), NOW);
    meta.repositories().delete(repo.id());
    assertThat(meta.lifecycle().policy(repo.id())).isEmpty();
    assertThat(meta.lifecycle().preview(repo.id())).isEmpty();
  }

  @Test
  void manifestsListedByIndexes_areTheChildrenOfIndexes() {
    ManifestRecord child = manifest("{\"child\":1}");
    ManifestRecord index = manifest("{\"index\":1}");
    meta.images().insertManifest(repo.id(), child, List.of());
    meta.images()
        .insertManifest(
            repo.id(),
            index,
            List.of(
                new ManifestReference(
                    ManifestReference.Kind.MANIFEST,
                    0,
                    child.digest(),
                    child.mediaType(),
                    child.size())));
    assertThat(meta.lifecycle().manifestsListedByIndexes(repo.id()))
        .containsExactly(child.digest());
  }

  private static ManifestRecord manifest(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new ManifestRecord(
        Digest.sha256(Hashing.sha256().digest(bytes)),
        "application/vnd.oci.image.index.v1+json",
        bytes,
        Optional.empty(),
        Optional.empty(),
        NOW,
        Optional.empty());
  }

  @Test
  void exclusions_perAccount_addOnce_listInArnOrder() {
    AccountId other = new AccountId("210987654321");
    meta.accounts().ensure(other, NOW);
    String role = "arn:aws:iam::123456789012:role/scanner";
    assertThat(meta.pullTimeExclusions().add(REGISTRY, role, NOW)).isTrue();
    assertThat(meta.pullTimeExclusions().add(REGISTRY, role, NOW.plusSeconds(1))).isFalse();
    assertThat(meta.pullTimeExclusions().find(REGISTRY, role)).contains(NOW);
    assertThat(meta.pullTimeExclusions().find(new RegistryId(other, "us-east-1"), role)).isEmpty();
    meta.pullTimeExclusions().add(REGISTRY, "arn:aws:iam::123456789012:role/a", NOW);
    assertThat(meta.pullTimeExclusions().list(REGISTRY, Optional.empty(), 10).items())
        .containsExactly("arn:aws:iam::123456789012:role/a", role);
    assertThat(meta.pullTimeExclusions().count(REGISTRY)).isEqualTo(2);
    assertThat(meta.pullTimeExclusions().remove(REGISTRY, role)).isTrue();
    assertThat(meta.pullTimeExclusions().remove(REGISTRY, role)).isFalse();
  }
}
