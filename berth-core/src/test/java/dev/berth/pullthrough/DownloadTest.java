package dev.berth.pullthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download's followers read the spool as it grows and finish only on a committed blob. */
class DownloadTest {
  private static final byte[] BYTES =
      "0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @TempDir Path tmp;

  private Download download() throws IOException {
    return new Download(Files.createFile(tmp.resolve("blob.spool")));
  }

  @Test
  void followers_readWhatIsSpooled_butTheLastByteOnlyOnceTheBlobIsCommitted() throws Exception {
    Download d = download();
    d.sized(OptionalLong.of(BYTES.length));
    InputStream tee = d.tee(new ByteArrayInputStream(BYTES));
    FollowedBlob f = d.follow().orElseThrow();
    InputStream in = f.stream(0, BYTES.length);

    assertThat(tee.read(new byte[5], 0, 5)).isEqualTo(5);
    assertThat(in.readNBytes(5)).isEqualTo(Arrays.copyOf(BYTES, 5));
    tee.transferTo(java.io.OutputStream.nullOutputStream());
    CompletableFuture<byte[]> rest = readAsync(in);
    assertThatThrownBy(() -> rest.get(200, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);

    d.committed();
    assertThat(rest.get(5, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(BYTES, 5, 10));
    assertThat(f.stream(2, 3).readAllBytes()).isEqualTo(Arrays.copyOfRange(BYTES, 2, 5));
    f.close();
    d.writerDone();
  }

  @Test
  void aFailedDownload_failsItsFollowers_afterAllButTheLastByte() throws Exception {
    Download d = download();
    d.sized(OptionalLong.of(BYTES.length));
    d.tee(new ByteArrayInputStream(BYTES)).transferTo(java.io.OutputStream.nullOutputStream());
    FollowedBlob f = d.follow().orElseThrow();
    InputStream in = f.stream(0, BYTES.length);
    assertThat(in.readNBytes(9)).isEqualTo(Arrays.copyOf(BYTES, 9));

    d.failed("digest mismatch");
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("mismatch");
    assertThat(d.awaitEnd()).isFalse();
    f.close();
    d.writerDone();
  }

  @Test
  void anUpstreamSendingMoreOrFewerBytesThanDeclared_failsTheTee() throws Exception {
    Download more = download();
    more.sized(OptionalLong.of(5));
    assertThatThrownBy(() -> more.tee(new ByteArrayInputStream(BYTES)).readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more bytes");
    more.writerDone();

    Download fewer = new Download(Files.createFile(tmp.resolve("fewer.spool")));
    fewer.sized(OptionalLong.of(20));
    assertThatThrownBy(() -> fewer.tee(new ByteArrayInputStream(BYTES)).readAllBytes())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("10 of the 20");
    fewer.writerDone();
  }

  @Test
  void theSpoolFileGoes_onceTheWriterAndEveryFollowerAreDone() throws Exception {
    Download d = download();
    d.sized(OptionalLong.of(BYTES.length));
    FollowedBlob f = d.follow().orElseThrow();
    d.tee(new ByteArrayInputStream(BYTES)).transferTo(java.io.OutputStream.nullOutputStream());
    d.committed();
    d.writerDone();
    assertThat(tmp.resolve("blob.spool")).exists();
    assertThat(d.follow()).as("no new followers of an ended download").isEmpty();
    assertThat(f.stream(0, BYTES.length).readAllBytes()).isEqualTo(BYTES);

    f.close();
    f.close();
    assertThat(tmp.resolve("blob.spool")).doesNotExist();
  }

  @Test
  void withoutADeclaredLength_nobodyFollows_andTheEndIsAwaited() throws Exception {
    Download d = download();
    d.sized(OptionalLong.empty());
    assertThat(d.follow()).isEmpty();
    d.committed();
    assertThat(d.awaitEnd()).isTrue();
    d.writerDone();
    assertThat(tmp.resolve("blob.spool")).doesNotExist();
  }

  @Test
  void aStalledUpstream_isStopped_andItsFollowersFail() throws Exception {
    Download d = download();
    d.sized(OptionalLong.of(BYTES.length));
    FollowedBlob f = d.follow().orElseThrow();
    java.io.PipedOutputStream upstream = new java.io.PipedOutputStream();
    InputStream tee = d.tee(new java.io.PipedInputStream(upstream));
    upstream.write(BYTES, 0, 4);
    CompletableFuture<Void> writer = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    tee.transferTo(java.io.OutputStream.nullOutputStream());
                    writer.complete(null);
                  } catch (IOException e) {
                    d.failed(String.valueOf(e.getMessage()));
                    writer.completeExceptionally(e);
                  }
                });
    d.writtenBy(t);
    InputStream in = f.stream(0, BYTES.length);
    assertThat(in.readNBytes(4)).isEqualTo(Arrays.copyOf(BYTES, 4));
    assertThat(d.interruptIfStalled(Duration.ofMinutes(1), System.nanoTime())).isFalse();

    assertThat(d.interruptIfStalled(Duration.ZERO, System.nanoTime())).isTrue();
    assertThatThrownBy(() -> writer.get(5, TimeUnit.SECONDS)).hasMessageContaining("stopped");
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    f.close();
    d.writerDone();
    upstream.close();
  }

  private static CompletableFuture<byte[]> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
