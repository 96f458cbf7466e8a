package dev.berth.archive;

import static dev.berth.archive.Node.kind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.BlobTiers.Tier;
import dev.berth.error.ErrorKind;
import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archiving and restoring multi-platform images (indexes and their children), issue 10. */
class ArchiveIndexTest {
  @TempDir Path data;
  @TempDir Path cold;
  private Node node;
  private Repository repo;
  private Digest amd;
  private Digest arm;
  private Digest index;

  @BeforeEach
  void open() {
    node = new Node(data, cold, new Node.MutableClock(Instant.parse("2026-03-01T00:00:00Z")));
    repo = node.repository("team/multi");
    amd = node.push(repo, "amd64", "cfg-amd", "layer-amd");
    arm = node.push(repo, "arm64", "cfg-arm", "layer-arm");
    index = node.pushIndex(repo, "v1", amd, arm);
  }

  @AfterEach
  void close() {
    node.close();
  }

  private ImageStatus status(Digest d) {
    return node.state(repo, d).status();
  }

  @Test
  void archivingAnIndex_archivesItsChildren() {
    node.archive.archive(repo, index);
    assertThat(status(index)).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(status(amd)).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(status(arm)).isEqualTo(ImageStatus.ARCHIVED);
    node.archive.runPending();
    assertThat(node.tier("layer-amd")).isEqualTo(Tier.ARCHIVE);
    assertThat(kind(() -> node.manifests.get(repo, new Reference.ByDigest(amd))))
        .isEqualTo(ErrorKind.IMAGE_ARCHIVED);
  }

  @Test
  void aChildAnotherActiveIndexLists_staysActive() {
    Digest armOnly = node.pushIndex(repo, "arm-only", arm);
    node.archive.archive(repo, index);
    assertThat(status(amd)).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(status(arm)).isEqualTo(ImageStatus.ACTIVE);
    assertThat(status(armOnly)).isEqualTo(ImageStatus.ACTIVE);
    node.archive.runPending();
    assertThat(node.tier("layer-arm")).isEqualTo(Tier.STANDARD);
  }

  @Test
  void aChildOfAnActiveIndex_cannotBeArchivedOnItsOwn() {
    assertThat(kind(() -> node.archive.archive(repo, amd)))
        .isEqualTo(ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED);
    assertThat(status(amd)).isEqualTo(ImageStatus.ACTIVE);
  }

  @Test
  void restoringAnIndex_restoresItsChildren_andTheIndexBecomesActiveLast() {
    node.archive.archive(repo, index);
    node.archive.runPending();
    node.archive.restore(repo, index);
    node.clock.ticking(java.time.Duration.ofSeconds(1));
    assertThat(status(index)).isEqualTo(ImageStatus.ACTIVATING);
    assertThat(status(amd)).isEqualTo(ImageStatus.ACTIVATING);
    assertThat(status(arm)).isEqualTo(ImageStatus.ACTIVATING);

    assertThat(node.archive.runPending().restoresCompleted()).isEqualTo(3);
    assertThat(status(index)).isEqualTo(ImageStatus.ACTIVE);
    assertThat(status(amd)).isEqualTo(ImageStatus.ACTIVE);
    assertThat(node.tier("layer-arm")).isEqualTo(Tier.STANDARD);
    Instant indexActive = node.state(repo, index).lastActivatedAt().orElseThrow();
    assertThat(indexActive).isAfter(node.state(repo, amd).lastActivatedAt().orElseThrow());
    assertThat(indexActive).isAfter(node.state(repo, arm).lastActivatedAt().orElseThrow());
  }

  @Test
  void aChildOfAnArchivedIndex_canBeRestoredAlone() {
    node.archive.archive(repo, index);
    node.archive.restore(repo, arm);
    node.archive.runPending();
    assertThat(status(arm)).isEqualTo(ImageStatus.ACTIVE);
    assertThat(status(index)).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(status(amd)).isEqualTo(ImageStatus.ARCHIVED);
    assertThat(node.pullBlob(repo, "layer-arm")).isEqualTo(Node.bytes("layer-arm"));
  }
}
