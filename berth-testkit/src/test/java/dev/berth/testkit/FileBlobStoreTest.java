package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.blob.BlobStore;
import dev.berth.blob.BlobTiers.Tier;
import dev.berth.blob.fs.FileBlobStore;
import dev.berth.model.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on the filesystem store, with its archive tier in a second directory, and the states
 * a crash during a move between the tiers can leave (issue 10).
 */
class FileBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;
  @TempDir Path archive;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(dir, archive);
  }

  private Path standardFile(Digest d) {
    return dir.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex());
  }

  private Path archivedFile(Digest d) {
    return archive.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex());
  }

  @Test
  void committedBlob_livesAtItsContentAddress() throws Exception {
    Digest d = put("k1", bytes(100, 1));
    assertThat(standardFile(d)).isRegularFile().hasSize(100);
    try (Stream<Path> uploads = Files.list(dir.resolve("uploads"))) {
      assertThat(uploads).isEmpty();
    }
  }

  /** Issue 11: readiness fails while the blob directory is gone, and passes once it is back. */
  @Test
  void probe_failsWhileTheBlobDirectoryIsGone_andPassesOnceItIsBack() throws Exception {
    Files.delete(dir.resolve("blobs"));
    assertThatThrownBy(store::probe)
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("blob directories under " + dir);
    Files.createDirectory(dir.resolve("blobs"));
    store.probe();
    Files.delete(dir.resolve("uploads"));
    assertThatThrownBy(store::probe).isInstanceOf(java.io.UncheckedIOException.class);
    Files.createDirectory(dir.resolve("uploads"));
    store.probe();
    try (Stream<Path> uploads = Files.list(dir.resolve("uploads"))) {
      assertThat(uploads).as("the probe's file is removed").isEmpty();
    }
  }

  @Test
  void blobContent_offersAFileChannelForZeroCopy() {
    Digest d = put("k1", bytes(100, 1));
    try (var content = store.open(d, 10, 20).orElseThrow()) {
      assertThat(content.positional()).isPresent();
      assertThat(content.offset()).isEqualTo(10);
    }
  }

  @Test
  void stagingSurvivesAReopenedStore() {
    byte[] content = bytes(64, 3);
    dev.berth.blob.Staged s =
        store.append(store.begin("resume"), new java.io.ByteArrayInputStream(content));
    BlobStore reopened = new FileBlobStore(dir, archive);
    assertThat(readStaged(reopened, s)).isEqualTo(content);
    reopened.discard("resume");
  }

  @Test
  void archivedBlob_movesToTheSecondDirectory_andBack() {
    Digest d = put("a1", bytes(1000, 21));
    store.moveTo(d, Tier.ARCHIVE);
    assertThat(archivedFile(d)).isRegularFile().hasSize(1000);
    assertThat(standardFile(d)).doesNotExist();
    store.moveTo(d, Tier.STANDARD);
    assertThat(standardFile(d)).isRegularFile().hasSize(1000);
    assertThat(archivedFile(d)).doesNotExist();
  }

  @Test
  void defaultArchiveTier_isUnderTheRoot() {
    FileBlobStore single = new FileBlobStore(dir);
    Digest d = put("a2", bytes(10, 22));
    single.moveTo(d, Tier.ARCHIVE);
    assertThat(dir.resolve("archive/blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex()))
        .isRegularFile();
    single.delete(d);
  }

  /** A crash after the destination's rename, before the source was removed: both tiers hold it. */
  @Test
  void crashWithBothCopies_readsWork_andAMoveEitherWayFinishes() throws Exception {
    byte[] content = bytes(3000, 23);
    Digest d = put("a3", content);
    Files.createDirectories(archivedFile(d).getParent());
    Files.copy(standardFile(d), archivedFile(d));
    BlobStore reopened = new FileBlobStore(dir, archive);
    assertThat(reopened.tier(d)).contains(Tier.STANDARD);
    assertThat(read(reopened.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    assertThat(reopened.digests()).containsExactly(d);

    assertThat(reopened.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(standardFile(d)).doesNotExist();
    assertThat(archivedFile(d)).hasSize(3000);

    Files.createDirectories(standardFile(d).getParent());
    Files.copy(archivedFile(d), standardFile(d));
    assertThat(reopened.moveTo(d, Tier.STANDARD)).isTrue();
    assertThat(archivedFile(d)).doesNotExist();
    assertThat(read(reopened.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
  }

  /**
   * A crash in the middle of a copy leaves a partial file in the destination's tmp only: the blob
   * stays readable from its tier, the partial copy is never served, a reopened store removes it
   * once it is stale (a fresh one may be another process's move) and a retried move works.
   */
  @Test
  void crashMidCopy_leavesOnlyAPartialTmpFile_whichAReopenedStoreRemoves() throws Exception {
    byte[] content = bytes(3000, 24);
    Digest d = put("a4", content);
    Path stale = archive.resolve("tmp").resolve(d.hex() + ".crashed.tmp");
    Path fresh = archive.resolve("tmp").resolve(d.hex() + ".running.tmp");
    Files.write(stale, java.util.Arrays.copyOf(content, 1000));
    Files.write(fresh, java.util.Arrays.copyOf(content, 500));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    BlobStore reopened = new FileBlobStore(dir, archive);
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(reopened.tier(d)).contains(Tier.STANDARD);
    assertThat(reopened.size(d)).contains(3000L);
    assertThat(reopened.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(read(reopened.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    Files.delete(fresh);
  }

  /** A crash after the source was removed: the destination alone holds the bytes. */
  @Test
  void crashAfterTheSourceWasRemoved_isAFinishedMove() throws Exception {
    byte[] content = bytes(700, 25);
    Digest d = put("a5", content);
    Files.createDirectories(archivedFile(d).getParent());
    Files.move(standardFile(d), archivedFile(d));
    BlobStore reopened = new FileBlobStore(dir, archive);
    assertThat(reopened.tier(d)).contains(Tier.ARCHIVE);
    assertThat(read(reopened.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    assertThat(reopened.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(archivedFile(d)).hasSize(700);
  }

  @Test
  void aMoveOfADeletedBlob_resurrectsNothing() {
    Digest d = put("a6", bytes(100, 26));
    store.delete(d);
    assertThat(store.moveTo(d, Tier.ARCHIVE)).isFalse();
    assertThat(archivedFile(d)).doesNotExist();
    assertThat(standardFile(d)).doesNotExist();
  }
}
