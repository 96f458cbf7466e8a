package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.meta.ManifestReference;
import dev.berth.meta.StorageClassStore;
import dev.berth.meta.StorageClassStore.ImageKey;
import dev.berth.meta.StorageClassStore.Placement;
import dev.berth.meta.StorageClassStore.QueuedBlob;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageStatus;
import dev.berth.model.ImageSummary;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Repository;
import dev.berth.model.TagStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata backend promises about images' storage class (issue 10): status changes and
 * their times, listings filtered by status, the tier queue and the placement of shared blobs.
 */
public abstract class StorageClassStoreContract extends MetadataFixture {
  private static final Instant T0 = NOW;
  private static final Instant T1 = T0.plusSeconds(3600);
  private static final Instant T2 = T0.plusSeconds(7200);

  private StorageClassStore store;

  @BeforeEach
  void openStorageClasses() {
    store = meta.storageClasses();
  }

  /** Stores an image manifest using these layers (recorded and linked) and returns its digest. */
  private Digest image(Repository r, String marker, Digest... layers) {
    byte[] bytes = ("{\"image\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(Hashing.sha256().digest(bytes));
    List<ManifestReference> refs = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      meta.blobs().recordBlob(layers[i], 10, T0);
      meta.blobs().link(r.id(), layers[i], T0);
      refs.add(new ManifestReference(ManifestReference.Kind.LAYER, i, layers[i], "x/y", 10));
    }
    meta.images()
        .insertManifest(
            r.id(),
            new ManifestRecord(
                d,
                "application/vnd.oci.image.manifest.v1+json",
                bytes,
                Optional.empty(),
                Optional.empty(),
                T0,
                Optional.empty()),
            refs);
    return d;
  }

  private Digest index(Repository r, String marker, Digest... children) {
    byte[] bytes = ("{\"index\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(Hashing.sha256().digest(bytes));
    List<ManifestReference> refs = new ArrayList<>();
    for (int i = 0; i < children.length; i++) {
      refs.add(new ManifestReference(ManifestReference.Kind.MANIFEST, i, children[i], "x/m", 10));
    }
    meta.images()
        .insertManifest(
            r.id(),
            new ManifestRecord(
                d,
                "application/vnd.oci.image.index.v1+json",
                bytes,
                Optional.empty(),
                Optional.empty(),
                T0,
                Optional.empty()),
            refs);
    return d;
  }

  @Test
  void newImage_isActiveAndNeverArchived() {
    Repository r = repo("team/app");
    Digest d = image(r, "a");
    var state = meta.images().findManifest(r.id(), d).orElseThrow().state();
    assertThat(state.status()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(state.lastArchivedAt()).isEmpty();
    assertThat(state.lastActivatedAt()).isEmpty();
  }

  @Test
  void transition_changesOnlyFromTheExpectedStatus_andStampsItsTime() {
    Repository r = repo("team/app");
    Digest d = image(r, "a");
    assertThat(store.transition(r.id(), d, ImageStatus.ARCHIVED, ImageStatus.ACTIVE, T1)).isFalse();
    assertThat(store.transition(r.id(), d, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1)).isTrue();
    assertThat(store.transition(r.id(), d, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T2)).isFalse();
    var archived = meta.images().findManifest(r.id(), d).orElseThrow().state();
    assertThat(archived.status()).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(archived.lastArchivedAt()).contains(T1);
    assertThat(archived.lastActivatedAt()).isEmpty();

    assertThat(store.transition(r.id(), d, ImageStatus.ARCHIVED, ImageStatus.ACTIVATING, T2))
        .isTrue();
    assertThat(store.transition(r.id(), d, ImageStatus.ACTIVATING, ImageStatus.ACTIVE, T2))
        .isTrue();
    var back = meta.images().findManifest(r.id(), d).orElseThrow().state();
    assertThat(back.status()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(back.lastArchivedAt()).contains(T1);
    assertThat(back.lastActivatedAt()).contains(T2);
  }

  @Test
  void listings_reportTheStateAndFilterByStatus() {
    Repository r = repo("team/app");
    Digest active = image(r, "active");
    Digest archived = image(r, "archived");
    Digest activating = image(r, "activating");
    store.transition(r.id(), archived, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);
    store.transition(r.id(), activating, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);
    store.transition(r.id(), activating, ImageStatus.ARCHIVED, ImageStatus.ACTIVATING, T2);

    List<ImageSummary> all =
        meta.images().describe(r.id(), Optional.empty(), 10, TagStatus.ANY).items();
    assertThat(all).hasSize(3);
    ImageSummary a =
        all.stream().filter(s -> s.digest().equals(archived)).findFirst().orElseThrow();
    assertThat(a.state().status()).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(a.state().lastArchivedAt()).contains(T1);
    assertThat(
            meta.images()
                .describe(r.id(), Optional.empty(), 10, TagStatus.ANY, Set.of(ImageStatus.ACTIVE))
                .items())
        .extracting(ImageSummary::digest)
        .containsExactly(active);
    assertThat(
            meta.images()
                .describe(
                    r.id(),
                    Optional.empty(),
                    10,
                    TagStatus.UNTAGGED,
                    Set.of(ImageStatus.ACTIVATING))
                .items())
        .extracting(ImageSummary::digest)
        .containsExactly(activating);
    assertThat(
            meta.images()
                .listImageIds(
                    r.id(), Optional.empty(), 10, TagStatus.ANY, Set.of(ImageStatus.ARCHIVED))
                .items())
        .extracting(ImageRef::digest)
        .containsExactly(archived);
    assertThat(
            meta.images()
                .listImageIds(
                    r.id(), Optional.empty(), 10, TagStatus.ANY, EnumSet.allOf(ImageStatus.class))
                .items())
        .hasSize(3);
    assertThat(meta.images().describe(r.id(), List.of(archived)).get(0).state().status())
        .isEqualTo(ImageStatus.ARCHIVED);
    assertThat(store.withStatus(ImageStatus.ACTIVATING, 10))
        .containsExactly(new ImageKey(r.id(), activating));
    assertThat(store.withStatus(ImageStatus.ARCHIVED, 10))
        .containsExactly(new ImageKey(r.id(), archived));
  }

  /** The blob store is global: a layer an active image of any repository uses stays standard. */
  @Test
  void placement_followsEveryRepositoryUsingTheBlob() {
    Repository a = repo("team/a");
    Repository b = repo("team/b");
    Digest shared = digest("shared");
    Digest own = digest("own");
    Digest inA = image(a, "a", shared, own);
    Digest inB = image(b, "b", shared);
    assertThat(store.placement(shared)).isEqualTo(Placement.STANDARD);

    store.transition(a.id(), inA, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);
    assertThat(store.placement(own)).isEqualTo(Placement.ARCHIVE);
    assertThat(store.placement(shared)).isEqualTo(Placement.STANDARD);
    assertThat(store.usedOnlyByInactive(a.id(), shared)).isTrue();
    assertThat(store.usedOnlyByInactive(b.id(), shared)).isFalse();

    store.transition(b.id(), inB, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);
    assertThat(store.placement(shared)).isEqualTo(Placement.ARCHIVE);
    store.transition(b.id(), inB, ImageStatus.ARCHIVED, ImageStatus.ACTIVATING, T2);
    assertThat(store.placement(shared)).isEqualTo(Placement.STANDARD);
    assertThat(store.usedOnlyByInactive(b.id(), shared)).isTrue();

    Digest nobody = digest("nobody");
    meta.blobs().recordBlob(nobody, 1, T0);
    assertThat(store.placement(nobody)).isEqualTo(Placement.UNREFERENCED);
    assertThat(store.usedOnlyByInactive(a.id(), nobody)).isFalse();
    Repository c = repo("team/c");
    meta.blobs().link(c.id(), own, T1);
    assertThat(store.placement(own))
        .as("linked where no manifest uses it: an upload waiting for its manifest")
        .isEqualTo(Placement.STANDARD);
  }

  @Test
  void queue_keepsABlobQueuedAgainWhileItWasSettled() {
    Repository r = repo("team/app");
    Digest l1 = digest("l1");
    Digest l2 = digest("l2");
    Digest d = image(r, "a", l1, l2);
    store.queueBlobsOf(r.id(), d, T1);
    List<QueuedBlob> queued = store.queuedBlobs(10);
    assertThat(queued).extracting(QueuedBlob::digest).containsExactlyInAnyOrder(l1, l2);

    QueuedBlob first = queued.get(0);
    store.queueBlobsOf(r.id(), d, T2);
    store.dequeue(first);
    assertThat(store.queuedBlobs(10)).extracting(QueuedBlob::digest).contains(first.digest());
    for (QueuedBlob q : store.queuedBlobs(10)) {
      store.dequeue(q);
    }
    assertThat(store.queuedBlobs(10)).isEmpty();
  }

  @Test
  void pushed_reactivatesAnArchivedImage_andQueuesOnlyBlobsSharedWithInactiveImages() {
    Repository r = repo("team/app");
    Digest shared = digest("shared");
    Digest own = digest("own");
    Digest fresh = digest("fresh");
    Digest old = image(r, "old", shared, own);
    store.transition(r.id(), old, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);

    Digest next = image(r, "next", shared, fresh);
    assertThat(store.pushed(r.id(), next, T2)).isFalse();
    assertThat(store.queuedBlobs(10)).extracting(QueuedBlob::digest).containsExactly(shared);
    store.queuedBlobs(10).forEach(store::dequeue);

    assertThat(store.pushed(r.id(), old, T2)).isTrue();
    var state = meta.images().findManifest(r.id(), old).orElseThrow().state();
    assertThat(state.status()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(state.lastActivatedAt()).contains(T2);
    assertThat(state.lastArchivedAt()).contains(T1);
    assertThat(store.queuedBlobs(10))
        .extracting(QueuedBlob::digest)
        .containsExactlyInAnyOrder(shared, own);
  }

  @Test
  void indexes_listTheirChildren_andTellWhichIndexesListAManifest() {
    Repository r = repo("team/app");
    Digest amd = image(r, "amd64", digest("l-amd"));
    Digest arm = image(r, "arm64", digest("l-arm"));
    Digest idx = index(r, "multi", amd, arm);
    Digest other = index(r, "other", arm);
    assertThat(store.children(r.id(), idx)).containsExactly(amd, arm);
    assertThat(store.children(r.id(), amd)).isEmpty();
    assertThat(store.blobsOf(r.id(), amd)).containsExactly(digest("l-amd"));
    Set<ImageStatus> live = EnumSet.of(ImageStatus.ACTIVE, ImageStatus.ACTIVATING);
    assertThat(store.listedByIndex(r.id(), arm, live, Set.of())).isTrue();
    assertThat(store.listedByIndex(r.id(), arm, live, Set.of(idx))).isTrue();
    assertThat(store.listedByIndex(r.id(), arm, live, Set.of(idx, other))).isFalse();
    store.transition(r.id(), other, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);
    assertThat(store.listedByIndex(r.id(), arm, live, Set.of(idx))).isFalse();
    assertThat(store.listedByIndex(r.id(), idx, live, Set.of())).isFalse();
  }

  @Test
  void deletingAnArchivedImage_removesItsStatusWithIt() {
    Repository r = repo("team/app");
    Digest d = image(r, "a", digest("l"));
    store.transition(r.id(), d, ImageStatus.ACTIVE, ImageStatus.ARCHIVED, T1);
    assertThat(meta.images().deleteManifest(r.id(), d)).isTrue();
    assertThat(store.withStatus(ImageStatus.ARCHIVED, 10)).isEmpty();
    assertThat(store.usedOnlyByInactive(r.id(), digest("l"))).isFalse();
  }
}
