package dev.berth.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.blob.memory.InMemoryBlobStore;
import dev.berth.common.Hashing;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.UploadSession;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadServiceTest {
  @TempDir Path dir;

  private MetadataStore meta;
  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
  private Repository repo;

  @BeforeEach
  void setUp() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    repo =
        new RepositoryService(meta, clock, "us-east-1")
            .create(
                new AccountId("000000000000"),
                RepositoryService.name("team/app"),
                ImageTagMutability.MUTABLE,
                false);
  }

  @AfterEach
  void tearDown() {
    meta.close();
  }

  static byte[] content(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static Digest sha256(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  @Test
  void session_resumesOnANewNodeByRebuildingTheHash() {
    byte[] data = content(100_000);
    UploadService first = new UploadService(meta, blobs, clock);
    UploadSession s = first.start(repo);
    first.append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(data, 0, 40_000));
    UploadService restarted = new UploadService(meta, blobs, clock);
    assertThat(restarted.status(repo, s.id()).offset()).isEqualTo(40_000);
    restarted.append(
        repo, s.id(), OptionalLong.of(40_000), new ByteArrayInputStream(data, 40_000, 60_000));
    var blob = restarted.complete(repo, s.id(), sha256(data), Optional.empty());
    assertThat(blob.size()).isEqualTo(100_000);
    assertThat(meta.blobs().linkedSize(repo.id(), sha256(data))).contains(100_000L);
    assertThat(blobs.stagingKeys()).isEmpty();
  }

  @Test
  void stagedBytesBeyondTheRecordedOffset_areCutOff() {
    byte[] data = content(10_000);
    UploadService uploads = new UploadService(meta, blobs, clock);
    UploadSession s = uploads.start(repo);
    uploads.append(repo, s.id(), OptionalLong.empty(), new ByteArrayInputStream(data, 0, 5_000));
    // a crash after writing bytes but before recording the new offset leaves extra staged bytes
    blobs.append(s.id(), 5_000, new ByteArrayInputStream(new byte[777]));
    UploadService restarted = new UploadService(meta, blobs, clock);
    restarted.append(
        repo, s.id(), OptionalLong.of(5_000), new ByteArrayInputStream(data, 5_000, 5_000));
    assertThat(restarted.complete(repo, s.id(), sha256(data), Optional.empty()).digest())
        .isEqualTo(sha256(data));
  }

  @Test
  void chunkAtWrongOffset_isRejectedAndChangesNothing() {
    UploadService uploads = new UploadService(meta, blobs, clock);
    UploadSession s = uploads.start(repo);
    uploads.append(repo, s.id(), OptionalLong.empty(), new ByteArrayInputStream(new byte[10]));
    assertThatThrownBy(
            () ->
                uploads.append(
                    repo, s.id(), OptionalLong.of(5), new ByteArrayInputStream(new byte[10])))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RANGE_INVALID));
    assertThat(uploads.status(repo, s.id()).offset()).isEqualTo(10);
    uploads.cancel(repo, s.id());
  }

  @Test
  void digestMismatch_cancelsTheSessionAndPublishesNothing() {
    byte[] data = content(1000);
    UploadService uploads = new UploadService(meta, blobs, clock);
    UploadSession s = uploads.start(repo);
    Digest wrong = sha256(Arrays.copyOf(data, 999));
    assertThatThrownBy(
            () ->
                uploads.complete(repo, s.id(), wrong, Optional.of(new ByteArrayInputStream(data))))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DIGEST_INVALID));
    assertThat(meta.uploads().find(s.id())).isEmpty();
    assertThat(blobs.digests()).isEmpty();
    assertThat(blobs.stagingKeys()).isEmpty();
  }

  @Test
  void sessionOfAnotherRepository_isUnknown() {
    UploadService uploads = new UploadService(meta, blobs, clock);
    Repository other =
        new RepositoryService(meta, clock, "us-east-1")
            .create(
                repo.account(),
                RepositoryService.name("team/other"),
                ImageTagMutability.MUTABLE,
                false);
    UploadSession s = uploads.start(repo);
    assertThatThrownBy(() -> uploads.status(other, s.id()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.BLOB_UPLOAD_UNKNOWN));
    uploads.cancel(repo, s.id());
  }

  @Test
  void purgeIdle_removesOldSessionsAndOrphanedStaging() {
    UploadService uploads = new UploadService(meta, blobs, clock);
    UploadSession s = uploads.start(repo);
    blobs.truncate("orphan-from-a-crash", 0);
    UploadService later = new UploadService(meta, blobs, Clock.offset(clock, Duration.ofHours(25)));
    assertThat(later.purgeIdle(Duration.ofHours(24))).isEqualTo(2);
    assertThat(meta.uploads().find(s.id())).isEmpty();
    assertThat(blobs.stagingKeys()).isEmpty();
  }
}
