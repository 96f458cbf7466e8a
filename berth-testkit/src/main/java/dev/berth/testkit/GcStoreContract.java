package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.meta.BlobLink;
import dev.berth.meta.GcRunSummary;
import dev.berth.meta.ManifestReference;
import dev.berth.meta.UploadSession;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Repository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The metadata side of the garbage-collection protocol (issue 10, {@code dev.berth.gc}): blob row
 * states and touches, links only to LIVE rows, manifest deletes unlinking their content, and the
 * collector's conditional statements. A backend test supplies a fresh store.
 */
public abstract class GcStoreContract extends MetadataFixture {
  private static final Instant LATER = NOW.plus(Duration.ofHours(2));

  private static ManifestRecord manifest(String body, Instant pushedAt) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new ManifestRecord(
        Digest.sha256(Hashing.sha256().digest(bytes)),
        "application/vnd.oci.image.manifest.v1+json",
        bytes,
        Optional.empty(),
        Optional.empty(),
        pushedAt,
        Optional.empty());
  }

  private void putManifest(Repository r, ManifestRecord m, Digest... layers) {
    List<ManifestReference> refs = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      refs.add(new ManifestReference(ManifestReference.Kind.LAYER, i, layers[i], "x/y", 1));
    }
    assertThat(meta.images().insertManifest(r.id(), m, refs)).isTrue();
  }

  private void linkedBlob(Repository r, Digest d, Instant at) {
    assertThat(meta.blobs().recordBlob(d, 1, at)).isTrue();
    assertThat(meta.blobs().link(r.id(), d, at)).isTrue();
  }

  @Test
  void deletingRow_isNeitherTouchedNorLinked() {
    Repository r = repo("team/app");
    Digest d = digest("layer");
    assertThat(meta.blobs().recordBlob(d, 7, NOW)).isTrue();
    assertThat(meta.gc().markDeleting(List.of(d), LATER)).containsExactly(d);
    assertThat(meta.blobs().recordBlob(d, 7, LATER)).as("T_a refused").isFalse();
    assertThat(meta.blobs().link(r.id(), d, LATER)).as("link refused").isFalse();
    assertThat(meta.blobs().linkedSize(r.id(), d)).isEmpty();
    assertThat(meta.gc().removeDeleting(List.of(d))).isEqualTo(1);
    assertThat(meta.blobs().recordBlob(d, 7, LATER)).as("gone: a new row").isTrue();
    assertThat(meta.blobs().link(r.id(), d, LATER)).isTrue();
  }

  @Test
  void link_ofAnUnrecordedBlobIsRefusedAndRelinkingRefreshes() {
    Repository r = repo("team/app");
    Digest d = digest("layer");
    assertThat(meta.blobs().link(r.id(), d, NOW)).isFalse();
    linkedBlob(r, d, NOW);
    assertThat(meta.blobs().link(r.id(), d, LATER)).isTrue();
    assertThat(meta.gc().expirableLinks(Optional.empty(), LATER, 10))
        .as("refreshed at LATER, so not older than LATER")
        .isEmpty();
    assertThat(meta.gc().expirableLinks(Optional.empty(), LATER.plusMillis(1), 10))
        .containsExactly(new BlobLink(r.id(), d));
  }

  @Test
  void markDeleting_changesOnlyOldUnlinkedUnreferencedLiveRows() {
    Repository r = repo("team/app");
    Digest young = digest("young");
    Digest linked = digest("linked");
    Digest referenced = digest("referenced");
    Digest garbage = digest("garbage");
    meta.blobs().recordBlob(young, 1, LATER);
    linkedBlob(r, linked, NOW);
    meta.blobs().link(r.id(), linked, LATER);
    meta.blobs().recordBlob(referenced, 1, NOW);
    putManifest(repo("team/other"), manifest("{\"m\":1}", NOW), referenced);
    meta.blobs().recordBlob(garbage, 1, NOW);
    List<Digest> all = List.of(young, linked, referenced, garbage);
    assertThat(meta.gc().unreferenced(Optional.empty(), LATER, 10))
        .extracting(BlobInfo::digest)
        .containsExactly(garbage);
    assertThat(meta.gc().markDeleting(all, LATER)).containsExactly(garbage);
    assertThat(meta.gc().markDeleting(all, LATER)).as("already DELETING").isEmpty();
    assertThat(meta.gc().deleting(Optional.empty(), 10)).containsExactly(new BlobInfo(garbage, 1));
    assertThat(meta.gc().unreferenced(Optional.empty(), LATER, 10)).isEmpty();
  }

  @Test
  void unreferenced_countsBlobsWhoseOnlyLinksWouldExpire() {
    Repository r = repo("team/app");
    Digest stale = digest("stale-link");
    Digest fresh = digest("fresh-link");
    linkedBlob(r, stale, NOW);
    linkedBlob(r, fresh, NOW);
    meta.blobs().link(r.id(), fresh, LATER);
    assertThat(meta.gc().unreferenced(Optional.empty(), LATER, 10))
        .extracting(BlobInfo::digest)
        .containsExactly(stale);
    assertThat(meta.gc().markDeleting(List.of(stale), LATER))
        .as("the mark itself wants no link at all")
        .isEmpty();
  }

  @Test
  void expireLinks_reChecksReferencesAndAge() {
    Repository r = repo("team/app");
    Digest a = digest("a");
    Digest b = digest("b");
    Digest c = digest("c");
    linkedBlob(r, a, NOW);
    linkedBlob(r, b, NOW);
    linkedBlob(r, c, NOW);
    List<BlobLink> listed = meta.gc().expirableLinks(Optional.empty(), LATER, 10);
    assertThat(listed).hasSize(3);
    // After the listing: a manifest put references b, an upload refreshes c's link.
    putManifest(r, manifest("{\"m\":2}", LATER), b);
    meta.blobs().link(r.id(), c, LATER);
    assertThat(meta.gc().expireLinks(listed, LATER)).isEqualTo(1);
    assertThat(meta.blobs().linkedSize(r.id(), a)).isEmpty();
    assertThat(meta.blobs().linkedSize(r.id(), b)).isPresent();
    assertThat(meta.blobs().linkedSize(r.id(), c)).isPresent();
  }

  @Test
  void expirableLinks_pageInDigestOrder() {
    Repository r1 = repo("team/one");
    Repository r2 = repo("team/two");
    List<BlobLink> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Digest d = digest("l" + i);
      linkedBlob(r1, d, NOW);
      meta.blobs().link(r2.id(), d, NOW);
      expected.add(new BlobLink(r1.id(), d));
      expected.add(new BlobLink(r2.id(), d));
    }
    expected.sort(
        (x, y) ->
            x.digest().toString().equals(y.digest().toString())
                ? x.repositoryId().compareTo(y.repositoryId())
                : x.digest().toString().compareTo(y.digest().toString()));
    List<BlobLink> seen = new ArrayList<>();
    Optional<BlobLink> after = Optional.empty();
    List<BlobLink> page = meta.gc().expirableLinks(after, LATER, 3);
    while (!page.isEmpty()) {
      seen.addAll(page);
      after = Optional.of(page.get(page.size() - 1));
      page = meta.gc().expirableLinks(after, LATER, 3);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  /** Issue 10: deleted content is gone from the repository, newer links keep their grace. */
  @Test
  void deleteManifest_unlinksContentNoOtherManifestUses_keepingNewerLinks() {
    Repository r = repo("team/app");
    Repository other = repo("team/other");
    Digest own = digest("own");
    Digest shared = digest("shared");
    Digest reuploaded = digest("re-uploaded");
    Digest unlisted = digest("unlisted");
    for (Digest d : List.of(own, shared, reuploaded, unlisted)) {
      linkedBlob(r, d, NOW);
    }
    meta.blobs().link(other.id(), own, NOW);
    ManifestRecord gone = manifest("{\"gone\":1}", NOW.plusSeconds(1));
    putManifest(r, gone, own, shared, reuploaded);
    putManifest(r, manifest("{\"kept\":1}", NOW.plusSeconds(1)), shared);
    meta.blobs().link(r.id(), reuploaded, NOW.plusSeconds(5));

    assertThat(meta.images().deleteManifest(r.id(), gone.digest())).isTrue();

    assertThat(meta.blobs().linkedSize(r.id(), own)).as("only the deleted image used it").isEmpty();
    assertThat(meta.blobs().linkedSize(r.id(), shared)).as("another image uses it").isPresent();
    assertThat(meta.blobs().linkedSize(r.id(), reuploaded)).as("linked after the push").isPresent();
    assertThat(meta.blobs().linkedSize(r.id(), unlisted)).as("not in the manifest").isPresent();
    assertThat(meta.blobs().linkedSize(other.id(), own)).as("other repository").isPresent();
  }

  @Test
  void claimOrphans_losesToARowThatAppeared() {
    Digest orphan = digest("orphan");
    Digest uploaded = digest("uploaded");
    assertThat(meta.gc().recorded(List.of(orphan, uploaded))).isEmpty();
    meta.blobs().recordBlob(uploaded, 3, LATER);
    assertThat(
            meta.gc()
                .claimOrphans(List.of(new BlobInfo(orphan, 2), new BlobInfo(uploaded, 3)), LATER))
        .containsExactly(orphan);
    assertThat(meta.blobs().recordBlob(orphan, 2, LATER)).as("claimed: DELETING").isFalse();
    assertThat(meta.gc().recorded(List.of(orphan, uploaded))).containsOnly(orphan, uploaded);
    assertThat(meta.gc().removeDeleting(List.of(orphan, uploaded)))
        .as("only the DELETING row")
        .isEqualTo(1);
    assertThat(meta.blobs().blobSize(uploaded)).contains(3L);
  }

  @Test
  void idleSessions_pageAndPurgeReChecksIdleness() {
    Repository r = repo("team/app");
    for (String id : List.of("s1", "s2", "s3")) {
      meta.uploads().create(new UploadSession(id, r.id(), 0, NOW, NOW), "owner");
    }
    assertThat(meta.gc().idleSessions(Optional.empty(), LATER, 2))
        .extracting(UploadSession::id)
        .containsExactly("s1", "s2");
    assertThat(meta.gc().idleSessions(Optional.of("s2"), LATER, 2))
        .extracting(UploadSession::id)
        .containsExactly("s3");
    meta.uploads()
        .advance(
            "s2",
            0,
            new UploadSession("s2", r.id(), 0, NOW, NOW).advanced(10, "", new byte[0], LATER));
    assertThat(meta.gc().purgeIdleSession("s1", LATER)).isTrue();
    assertThat(meta.gc().purgeIdleSession("s2", LATER)).as("a chunk landed").isFalse();
    assertThat(meta.gc().sessions(List.of("s1", "s2", "s3", "nope"))).containsOnly("s2", "s3");
  }

  @Test
  void lastRun_isEmptyUntilARunIsRecorded() {
    assertThat(meta.gc().lastRun()).isEmpty();
    GcRunSummary run = new GcRunSummary(NOW, LATER, false, 1, 2, 3, 4, 5, 6, 7);
    meta.gc().recordRun(run);
    assertThat(meta.gc().lastRun()).contains(run);
  }
}
