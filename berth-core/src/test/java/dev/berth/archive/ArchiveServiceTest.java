package dev.berth.archive;

import static dev.berth.archive.Node.bytes;
import static dev.berth.archive.Node.kind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.BlobTiers.Tier;
import dev.berth.error.ErrorKind;
import dev.berth.model.Digest;
import dev.berth.model.ImageState;
import dev.berth.model.ImageStatus;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.oci.MediaTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ArchiveService on SQLite and the filesystem store with its archive tier in a second directory
 * (issue 10): ECR's state machine and errors, shared layers, pulls of archived images, re-push.
 */
class ArchiveServiceTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path data;
  @TempDir Path cold;
  private Node node;
  private Repository repo;

  @BeforeEach
  void open() {
    node = new Node(data, cold, new Node.MutableClock(T0));
    repo = node.repository("team/app");
  }

  @AfterEach
  void close() {
    node.close();
  }

  private Reference byTag(String t) {
    return new Reference.ByTag(new Tag(t));
  }

  @Test
  void archive_isImmediate_andItsOwnLayersMoveWhenTheWorkerRuns() {
    Digest image = node.push(repo, "v1", "cfg-1", "layer-1");
    node.clock.advance(Duration.ofHours(1));

    assertThat(node.archive.archive(repo, image)).isEqualTo(ImageStatus.ARCHIVED);
    ImageState state = node.state(repo, image);
    assertThat(state.status()).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(state.lastArchivedAt()).contains(T0.plus(Duration.ofHours(1)));
    assertThat(kind(() -> node.manifests.get(repo, byTag("v1"))))
        .isEqualTo(ErrorKind.IMAGE_ARCHIVED);
    assertThat(node.tier("layer-1"))
        .as("not moved before the worker runs")
        .isEqualTo(Tier.STANDARD);

    ArchiveService.Progress p = node.archive.runPending();
    assertThat(p.blobsSettled()).isEqualTo(2);
    assertThat(node.tier("layer-1")).isEqualTo(Tier.ARCHIVE);
    assertThat(node.tier("cfg-1")).isEqualTo(Tier.ARCHIVE);
    assertThat(cold.resolve("blobs/sha256")).isDirectory();
    assertThat(kind(() -> node.pullBlob(repo, "layer-1"))).isEqualTo(ErrorKind.BLOB_UNKNOWN);
    assertThat(node.archive.runPending().blobsSettled()).as("nothing left queued").isZero();
  }

  /** The blob store is global: a layer an active image uses anywhere is never moved or refused. */
  @Test
  void sharedLayer_staysStandardAndPullableForTheActiveImage() {
    Repository other = node.repository("team/other");
    Digest archived = node.push(repo, "v1", "cfg-a", "shared-layer", "own-layer");
    node.push(other, "v1", "cfg-b", "shared-layer");

    node.archive.archive(repo, archived);
    node.archive.runPending();

    assertThat(node.tier("own-layer")).isEqualTo(Tier.ARCHIVE);
    assertThat(node.tier("shared-layer")).isEqualTo(Tier.STANDARD);
    assertThat(node.pullBlob(other, "shared-layer")).isEqualTo(bytes("shared-layer"));
    assertThat(node.manifests.get(other, byTag("v1"))).isNotNull();
    assertThat(kind(() -> node.pullBlob(repo, "shared-layer")))
        .as("through the archived image's repository it is a pull of the archived image")
        .isEqualTo(ErrorKind.BLOB_UNKNOWN);

    Digest second = node.manifests.find(other, byTag("v1")).digest();
    node.archive.archive(other, second);
    node.archive.runPending();
    assertThat(node.tier("shared-layer")).isEqualTo(Tier.ARCHIVE);
    node.archive.restore(other, second);
    node.archive.runPending();
    assertThat(node.tier("shared-layer")).isEqualTo(Tier.STANDARD);
    assertThat(node.tier("own-layer")).isEqualTo(Tier.ARCHIVE);
    assertThat(node.pullBlob(other, "shared-layer")).isEqualTo(bytes("shared-layer"));
  }

  @Test
  void stateMachine_refusesWhatEcrRefuses() {
    Digest image = node.push(repo, "v1", "cfg-1", "layer-1");
    Digest absent = Node.digestOf(bytes("nothing"));
    assertThat(kind(() -> node.archive.archive(repo, absent)))
        .isEqualTo(ErrorKind.MANIFEST_UNKNOWN);
    assertThat(kind(() -> node.archive.restore(repo, image)))
        .as("STANDARD of an active image")
        .isEqualTo(ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED);

    node.archive.archive(repo, image);
    assertThat(kind(() -> node.archive.archive(repo, image)))
        .as("ARCHIVE of an archived image")
        .isEqualTo(ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED);

    node.clock.advance(Duration.ofMinutes(5));
    assertThat(node.archive.update(repo, image, TargetStorageClass.STANDARD))
        .isEqualTo(ImageStatus.ACTIVATING);
    assertThat(node.state(repo, image).status()).isEqualTo(ImageStatus.ACTIVATING);
    assertThat(kind(() -> node.manifests.get(repo, byTag("v1"))))
        .as("still refused while restoring")
        .isEqualTo(ErrorKind.IMAGE_ARCHIVED);
    assertThat(kind(() -> node.archive.restore(repo, image)))
        .isEqualTo(ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED);
    assertThat(kind(() -> node.archive.archive(repo, image)))
        .isEqualTo(ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED);

    node.clock.advance(Duration.ofMinutes(1));
    assertThat(node.archive.runPending().restoresCompleted()).isEqualTo(1);
    ImageState state = node.state(repo, image);
    assertThat(state.status()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(state.lastArchivedAt()).contains(T0);
    assertThat(state.lastActivatedAt()).contains(T0.plus(Duration.ofMinutes(6)));
    assertThat(node.manifests.get(repo, byTag("v1")).digest()).isEqualTo(image);
    assertThat(node.pullBlob(repo, "layer-1")).isEqualTo(bytes("layer-1"));
  }

  /** No minimum archive duration: a restore right after the archive is accepted. */
  @Test
  void restore_rightAfterArchiving_isAccepted() {
    Digest image = node.push(repo, "v1", "cfg-1", "layer-1");
    node.archive.archive(repo, image);
    node.archive.runPending();
    assertThat(node.archive.restore(repo, image)).isEqualTo(ImageStatus.ACTIVATING);
    node.archive.runPending();
    assertThat(node.tier("layer-1")).isEqualTo(Tier.STANDARD);
    assertThat(node.state(repo, image).status()).isEqualTo(ImageStatus.ACTIVE);
  }

  /** Pushing an archived image again restores it at once, as ECR documents. */
  @Test
  void repush_ofAnArchivedImage_restoresItAtOnce_andItsBytesComeBack() {
    byte[] cfg = bytes("cfg-1");
    byte[] layer = bytes("layer-1");
    Digest image = node.push(repo, "v1", "cfg-1", "layer-1");
    node.archive.archive(repo, image);
    node.archive.runPending();
    assertThat(node.tier("layer-1")).isEqualTo(Tier.ARCHIVE);

    node.clock.advance(Duration.ofDays(1));
    byte[] same =
        Node.manifest(
            Node.digestOf(cfg),
            cfg.length,
            java.util.List.of(Node.digestOf(layer)),
            java.util.List.of(layer.length));
    node.manifests.put(repo, byTag("v1"), MediaTypes.OCI_MANIFEST, same);

    ImageState state = node.state(repo, image);
    assertThat(state.status()).isEqualTo(ImageStatus.ACTIVE);
    assertThat(state.lastActivatedAt()).contains(T0.plus(Duration.ofDays(1)));
    assertThat(node.pullBlob(repo, "layer-1"))
        .as("read from the archive tier until the worker moves it")
        .isEqualTo(layer);
    node.archive.runPending();
    assertThat(node.tier("layer-1")).isEqualTo(Tier.STANDARD);
  }

  /** A new image whose layers are archived (still linked, so the client skips the upload). */
  @Test
  void newImage_onArchivedLayers_isPullableAndBringsThemBack() {
    Digest old = node.push(repo, "old", "cfg-1", "base-layer");
    node.archive.archive(repo, old);
    node.archive.runPending();
    assertThat(node.tier("base-layer")).isEqualTo(Tier.ARCHIVE);

    byte[] cfg = bytes("cfg-2");
    Digest c = node.upload(repo, cfg);
    Digest base = Node.digestOf(bytes("base-layer"));
    byte[] m =
        Node.manifest(
            c, cfg.length, java.util.List.of(base), java.util.List.of(bytes("base-layer").length));
    node.manifests.put(repo, byTag("new"), MediaTypes.OCI_MANIFEST, m);

    assertThat(node.pullBlob(repo, "base-layer")).isEqualTo(bytes("base-layer"));
    node.archive.runPending();
    assertThat(node.tier("base-layer")).isEqualTo(Tier.STANDARD);
    assertThat(node.state(repo, old).status()).isEqualTo(ImageStatus.ARCHIVED);
  }

  /** An upload of bytes an archived image holds puts them back in the standard tier. */
  @Test
  void uploadOfAnArchivedLayer_bringsItBackToStandard() {
    Digest old = node.push(repo, "old", "cfg-1", "base-layer");
    node.archive.archive(repo, old);
    node.archive.runPending();
    node.upload(node.repository("team/other"), bytes("base-layer"));
    assertThat(node.tier("base-layer")).isEqualTo(Tier.STANDARD);
    assertThat(node.blobs.digests()).containsOnlyOnce(Node.digestOf(bytes("base-layer")));
  }

  @Test
  void deleting_anArchivedImage_worksAsForAnyImage() {
    Digest image = node.push(repo, "v1", "cfg-1", "layer-1");
    node.archive.archive(repo, image);
    node.archive.runPending();
    assertThat(
            node.manifests.deleteImage(
                repo, java.util.Optional.of(image), java.util.Optional.empty()))
        .hasSize(1);
    assertThat(kind(() -> node.manifests.find(repo, new Reference.ByDigest(image))))
        .isEqualTo(ErrorKind.MANIFEST_UNKNOWN);
  }
}
