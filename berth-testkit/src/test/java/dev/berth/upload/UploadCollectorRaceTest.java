package dev.berth.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.Staged;
import dev.berth.blob.fs.FileBlobStore;
import dev.berth.common.Hashing;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.UploadSession;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.ForwardingBlobStore;
import dev.berth.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: an upload's completion against the collector's statements, interleaved on purpose at
 * each point of the protocol (dev.berth.gc): the row in DELETING during T_a, an orphan claim, and
 * the row taken between the commit and T_b. The collector's side runs as its statements do, on the
 * same real stores.
 */
class UploadCollectorRaceTest {
  private static final String OWNER = "arn:aws:iam::000000000000:root";

  @TempDir Path dir;
  private MetadataStore meta;
  private Observed blobs;
  private final TestClock clock = TestClock.system();
  private Repository repo;
  private final AtomicLong sequence = new AtomicLong();

  @BeforeEach
  void setUp() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    blobs = new Observed(new FileBlobStore(dir));
    repo =
        new RepositoryService(meta, clock)
            .create(
                new RegistryId(new AccountId("000000000000"), "us-east-1"),
                RepositoryService.name("team/app"),
                ImageTagMutability.MUTABLE,
                false);
  }

  @AfterEach
  void tearDown() {
    meta.close();
  }

  private static byte[] content(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Digest sha256(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  private UploadService uploads(Duration deletingWait) {
    return new UploadService(meta, blobs, clock, UploadService.Limits.defaults(), deletingWait);
  }

  /** A session with all the bytes staged, ready for complete. */
  private UploadSession staged(UploadService uploads, byte[] bytes) {
    UploadSession s = uploads.start(repo, OWNER);
    uploads.append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(bytes));
    return s;
  }

  private byte[] read(Digest d) throws IOException {
    long size = meta.blobs().linkedSize(repo.id(), d).orElseThrow();
    try (BlobContent c = blobs.open(d, 0, size).orElseThrow();
        InputStream in = c.stream()) {
      return in.readAllBytes();
    }
  }

  /** The collector's side: bytes of a DELETING row go, then the row. */
  private void finishDeleting(Digest d) {
    blobs.delete(d);
    assertThat(meta.gc().removeDeleting(List.of(d))).isEqualTo(1);
    sequence.incrementAndGet();
  }

  @Test
  void complete_waitsWhileTheCollectorDeletesTheBlob_thenStoresItAfresh() throws Exception {
    byte[] bytes = content(4000, 1);
    Digest d = sha256(bytes);
    UploadService uploads = uploads(Duration.ofSeconds(30));
    uploads.upload(repo, OWNER, d, new ByteArrayInputStream(bytes));
    meta.blobs().unlink(repo.id(), d);
    assertThat(meta.gc().markDeleting(List.of(d), clock.instant().plusSeconds(1)))
        .containsExactly(d);
    UploadSession again = staged(uploads, bytes);
    AtomicLong committedAt = new AtomicLong(-1);
    blobs.onCommit = key -> committedAt.set(sequence.get());

    CompletableFuture<BlobInfo> done =
        CompletableFuture.supplyAsync(
            () -> uploads.complete(repo, again.id(), d, Optional.empty()));
    Thread.sleep(300);
    finishDeleting(d);
    BlobInfo info = done.get(30, TimeUnit.SECONDS);

    assertThat(info.size()).isEqualTo(4000);
    assertThat(committedAt.get())
        .as("bytes committed only after the deletion finished")
        .isEqualTo(1);
    assertThat(read(d)).isEqualTo(bytes);
  }

  @Test
  void complete_whileTheBlobStaysDeleting_answersRetryable_andKeepsTheSession() throws Exception {
    byte[] bytes = content(3000, 2);
    Digest d = sha256(bytes);
    UploadService uploads = uploads(Duration.ofMillis(200));
    meta.blobs().recordBlob(d, bytes.length, clock.instant());
    meta.gc().markDeleting(List.of(d), clock.instant().plusSeconds(1));
    UploadSession s = staged(uploads, bytes);

    RegistryException e = null;
    try {
      uploads.complete(repo, s.id(), d, Optional.empty());
    } catch (RegistryException thrown) {
      e = thrown;
    }

    java.util.Objects.requireNonNull(e, "the call must fail");
    assertThat(e.kind()).isEqualTo(ErrorKind.BLOB_UPLOAD_INVALID);
    assertThat(e.getMessage()).contains("being garbage-collected", "retry");
    assertThat(uploads.status(repo, s.id()).offset()).isEqualTo(3000);
    assertThat(blobs.stagingKeys()).contains(s.id());
    finishDeleting(d);
    assertThat(uploads.complete(repo, s.id(), d, Optional.empty()).size()).isEqualTo(3000);
    assertThat(read(d)).isEqualTo(bytes);
  }

  @Test
  void complete_againstAnOrphanClaim_waitsForTheClaimToFinish() throws Exception {
    byte[] bytes = content(2500, 3);
    Digest d = sha256(bytes);
    blobs.commit(blobs.append(blobs.begin("crashed"), new ByteArrayInputStream(bytes)), d);
    // The collector saw the file without a row and claims it.
    assertThat(meta.gc().recorded(List.of(d))).isEmpty();
    assertThat(meta.gc().claimOrphans(List.of(new BlobInfo(d, bytes.length)), clock.instant()))
        .containsExactly(d);
    UploadService uploads = uploads(Duration.ofSeconds(30));
    UploadSession s = staged(uploads, bytes);
    AtomicLong committedAt = new AtomicLong(-1);
    blobs.onCommit = key -> committedAt.set(sequence.get());

    CompletableFuture<BlobInfo> done =
        CompletableFuture.supplyAsync(() -> uploads.complete(repo, s.id(), d, Optional.empty()));
    Thread.sleep(300);
    finishDeleting(d);
    done.get(30, TimeUnit.SECONDS);

    assertThat(committedAt.get()).isEqualTo(1);
    assertThat(read(d)).isEqualTo(bytes);
    assertThat(meta.gc().deleting(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void orphanClaim_afterTheUploadsRow_doesNothing() {
    byte[] bytes = content(2000, 4);
    Digest d = sha256(bytes);
    UploadService uploads = uploads(Duration.ofSeconds(30));
    UploadSession s = staged(uploads, bytes);
    // The collector listed the file and found no row; the upload's T_a runs before its claim.
    blobs.onCommit =
        key ->
            assertThat(meta.gc().claimOrphans(List.of(new BlobInfo(d, 2000)), clock.instant()))
                .isEmpty();
    uploads.complete(repo, s.id(), d, Optional.empty());
    assertThat(meta.blobs().linkedSize(repo.id(), d)).contains(2000L);
  }

  @Test
  void rowCollectedBetweenCommitAndLink_failsTheUploadCleanly_leavingNoLinkWithoutBytes()
      throws Exception {
    byte[] bytes = content(1500, 5);
    Digest d = sha256(bytes);
    UploadService uploads = uploads(Duration.ofSeconds(30));
    UploadSession s = staged(uploads, bytes);
    // Grace period 0, worst case: the collector marks the fresh row right after T_a; its bytes
    // are deleted once committed, the row goes, and another upload's T_a re-creates the row.
    blobs.afterCommit =
        key -> {
          assertThat(meta.gc().markDeleting(List.of(d), clock.instant().plusSeconds(1)))
              .containsExactly(d);
          finishDeleting(d);
          assertThat(meta.blobs().recordBlob(d, bytes.length, clock.instant())).isTrue();
        };

    RegistryException e = null;
    try {
      uploads.complete(repo, s.id(), d, Optional.empty());
    } catch (RegistryException thrown) {
      e = thrown;
    }

    java.util.Objects.requireNonNull(e, "the call must fail");
    assertThat(e.kind()).isEqualTo(ErrorKind.BLOB_UPLOAD_UNKNOWN);
    assertThat(meta.blobs().linkedSize(repo.id(), d)).as("no link to missing bytes").isEmpty();
    assertThat(meta.uploads().find(s.id())).isEmpty();
    blobs.afterCommit = key -> {};
    assertThat(uploads.upload(repo, OWNER, d, new ByteArrayInputStream(bytes)).size())
        .isEqualTo(1500);
    assertThat(read(d)).isEqualTo(bytes);
  }

  @Test
  void rowCollectedBeforeTheCommit_failsTheUpload_andTheFileIsLeftAsAnOrphan() {
    byte[] bytes = content(1700, 6);
    Digest d = sha256(bytes);
    UploadService uploads = uploads(Duration.ofSeconds(30));
    UploadSession s = staged(uploads, bytes);
    blobs.onCommit =
        key -> {
          assertThat(meta.gc().markDeleting(List.of(d), clock.instant().plusSeconds(1)))
              .containsExactly(d);
          finishDeleting(d);
        };

    RegistryException e = null;
    try {
      uploads.complete(repo, s.id(), d, Optional.empty());
    } catch (RegistryException thrown) {
      e = thrown;
    }

    java.util.Objects.requireNonNull(e, "the call must fail");
    assertThat(e.kind()).isEqualTo(ErrorKind.BLOB_UPLOAD_UNKNOWN);
    assertThat(meta.blobs().linkedSize(repo.id(), d)).isEmpty();
    assertThat(meta.gc().recorded(List.of(d))).isEmpty();
    assertThat(blobs.size(d)).as("an orphan for the next collection").contains(1700L);
  }

  /** The filesystem store with hooks around commit; every call reaches the real store. */
  static final class Observed extends ForwardingBlobStore {
    volatile Consumer<String> onCommit = key -> {};
    volatile Consumer<String> afterCommit = key -> {};

    Observed(BlobStore real) {
      super(real);
    }

    @Override
    public void commit(Staged state, Digest digest) {
      onCommit.accept(state.key());
      real.commit(state, digest);
      afterCommit.accept(state.key());
    }
  }
}
