package dev.berth.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.memory.InMemoryBlobStore;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Issue 12: one blob from store to store for {@code berth migrate}, verified while streaming. */
class BlobCopyTest {
  private final InMemoryBlobStore from = new InMemoryBlobStore();
  private final InMemoryBlobStore to = new InMemoryBlobStore();
  private final BlobCopy copy = new BlobCopy(from, to);

  private static Digest digest(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  private static void put(BlobStore store, Digest d, byte[] b) {
    Staged s = store.append(store.begin("k"), new ByteArrayInputStream(b));
    store.commit(s, d);
  }

  private static byte[] read(BlobStore store, Digest d) throws IOException {
    long size = store.size(d).orElseThrow();
    try (BlobContent c = store.open(d, 0, size).orElseThrow();
        InputStream in = c.stream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void copy_writesVerifiedBytes_thenFindsThemThere() throws IOException {
    byte[] b = "layer bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Digest d = digest(b);
    put(from, d, b);

    assertThat(copy.copy(d, b.length)).isEqualTo(BlobCopy.Outcome.COPIED);
    assertThat(read(to, d)).isEqualTo(b);
    assertThat(copy.copy(d, b.length)).isEqualTo(BlobCopy.Outcome.EXISTING);
    assertThat(to.stagingKeys()).isEmpty();
  }

  @Test
  void bytesThatDoNotHashToTheDigest_areCorrupt_andNotWritten() {
    byte[] b = {1, 2, 3};
    Digest claimed = digest(new byte[] {9, 9, 9});
    put(from, claimed, b);

    assertThat(copy.copy(claimed, 3)).isEqualTo(BlobCopy.Outcome.CORRUPT);
    assertThat(to.size(claimed)).isEmpty();
    assertThat(to.stagingKeys()).isEmpty();
    assertThat(copy.copy(claimed, 4)).isEqualTo(BlobCopy.Outcome.CORRUPT);
  }

  @Test
  void aBlobTheSourceLacks_isMissing() {
    assertThat(copy.copy(digest(new byte[] {1}), 1)).isEqualTo(BlobCopy.Outcome.MISSING);
  }

  @Test
  void aTargetCopyOfAnotherLength_isReplaced() throws IOException {
    byte[] b = {1, 2, 3, 4};
    Digest d = digest(b);
    put(from, d, b);
    put(to, d, new byte[] {1, 2});

    assertThat(copy.copy(d, 4)).isEqualTo(BlobCopy.Outcome.COPIED);
    assertThat(read(to, d)).isEqualTo(b);
  }
}
