package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.BlobStore;
import dev.berth.blob.fs.FileBlobStore;
import dev.berth.model.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;

  @Override
  protected BlobStore newStore() {
    return new FileBlobStore(dir);
  }

  @Test
  void committedBlob_livesAtItsContentAddress() throws Exception {
    Digest d = put("k1", bytes(100, 1));
    Path expected = dir.resolve("blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex());
    assertThat(expected).isRegularFile().hasSize(100);
    try (Stream<Path> uploads = Files.list(dir.resolve("uploads"))) {
      assertThat(uploads).isEmpty();
    }
  }

  @Test
  void blobContent_offersAFileChannelForZeroCopy() {
    Digest d = put("k1", bytes(100, 1));
    try (var content = store.open(d, 10, 20).orElseThrow()) {
      assertThat(content.channel()).isPresent();
      assertThat(content.offset()).isEqualTo(10);
    }
  }

  @Test
  void stagingSurvivesAReopenedStore() {
    store.truncate("resume", 0);
    store.append("resume", 0, new java.io.ByteArrayInputStream(bytes(64, 3)));
    BlobStore reopened = new FileBlobStore(dir);
    assertThat(reopened.stagedLength("resume")).isEqualTo(64);
    reopened.discard("resume");
  }
}
