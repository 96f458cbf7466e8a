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
  private static final String OWNER = "arn:aws:iam::000000000000:root";

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
    UploadSession s = first.start(repo, OWNER);
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
    UploadSession s = uploads.start(repo, OWNER);
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
    UploadSession s = uploads.start(repo, OWNER);
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
    UploadSession s = uploads.start(repo, OWNER);
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
    UploadSession s = uploads.start(repo, OWNER);
    assertThatThrownBy(() -> uploads.status(other, s.id()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.BLOB_UPLOAD_UNKNOWN));
    uploads.cancel(repo, s.id());
  }

  @Test
  void purgeIdle_removesOldSessionsAndOrphanedStaging() {
    UploadService uploads = new UploadService(meta, blobs, clock);
    UploadSession s = uploads.start(repo, OWNER);
    blobs.truncate("orphan-from-a-crash", 0);
    UploadService later = new UploadService(meta, blobs, Clock.offset(clock, Duration.ofHours(25)));
    assertThat(later.purgeIdle(Duration.ofHours(24))).isEqualTo(2);
    assertThat(meta.uploads().find(s.id())).isEmpty();
    assertThat(blobs.stagingKeys()).isEmpty();
  }

  /** Issue 9, item 9: open sessions are bounded per repository, with ECR's limit error. */
  @Test
  void start_refusesPastTheRepositoryLimit() {
    UploadService uploads = new UploadService(meta, blobs, clock, new UploadService.Limits(3, 10));
    for (int i = 0; i < 3; i++) {
      uploads.start(repo, "arn:aws:iam::000000000000:user/u" + i);
    }
    assertThatThrownBy(() -> uploads.start(repo, "arn:aws:iam::000000000000:user/other"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT_EXCEEDED))
        .hasMessageContaining("limit of 3");
    assertThat(meta.uploads().countInRepository(repo.id())).isEqualTo(3);
  }

  /** Issue 9, item 9: open sessions are bounded per owner across repositories. */
  @Test
  void start_refusesPastTheOwnerLimitAndAcceptsAgainOnceOneEnds() {
    Repository other =
        new RepositoryService(meta, clock, "us-east-1")
            .create(
                new AccountId("000000000000"),
                RepositoryService.name("team/other"),
                ImageTagMutability.MUTABLE,
                false);
    UploadService uploads = new UploadService(meta, blobs, clock, new UploadService.Limits(10, 2));
    UploadSession first = uploads.start(repo, OWNER);
    uploads.start(other, OWNER);
    assertThatThrownBy(() -> uploads.start(other, OWNER))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT_EXCEEDED));
    uploads.start(other, "arn:aws:iam::000000000000:user/someone-else");
    uploads.cancel(repo, first.id());
    uploads.start(repo, OWNER);
  }

  /**
   * Issue 9, item 9: this node's hash state goes when a session completes, is cancelled, expires or
   * its repository is deleted, and never-written sessions cost none.
   */
  @Test
  void hashState_isFreedOnCompleteCancelExpiryAndRepositoryDelete() {
    UploadService uploads = new UploadService(meta, blobs, clock);
    byte[] data = content(1000);
    for (int i = 0; i < 50; i++) {
      uploads.start(repo, OWNER);
    }
    assertThat(uploads.cachedHashes()).as("abandoned sessions without chunks").isZero();

    UploadSession done = uploads.start(repo, OWNER);
    uploads.append(repo, done.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    UploadSession cancelled = uploads.start(repo, OWNER);
    uploads.append(repo, cancelled.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    assertThat(uploads.cachedHashes()).isEqualTo(2);
    uploads.complete(repo, done.id(), sha256(data), Optional.empty());
    uploads.cancel(repo, cancelled.id());
    assertThat(uploads.cachedHashes()).isZero();

    UploadSession idle = uploads.start(repo, OWNER);
    uploads.append(repo, idle.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    UploadService later = new UploadService(meta, blobs, Clock.offset(clock, Duration.ofHours(25)));
    later.append(repo, idle.id(), OptionalLong.of(1000), new ByteArrayInputStream(data));
    assertThat(later.cachedHashes()).isEqualTo(1);
    new UploadService(meta, blobs, Clock.offset(clock, Duration.ofHours(50)))
        .purgeIdle(Duration.ofHours(24));
    later.purgeIdle(Duration.ofHours(24));
    assertThat(later.cachedHashes()).as("the session expired").isZero();
    uploads.purgeIdle(Duration.ofHours(24));
    assertThat(uploads.cachedHashes()).as("expired on another node: pruned here too").isZero();

    UploadSession open = uploads.start(repo, OWNER);
    uploads.append(repo, open.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    assertThat(uploads.cachedHashes()).isEqualTo(1);
    new RepositoryService(meta, clock, "us-east-1").delete(repo.account(), repo.name(), true);
    uploads.repositoryDeleted(repo);
    assertThat(uploads.cachedHashes()).isZero();
  }

  /** Issue 9, item 9: the hash cache is bounded; an evicted session rebuilds and completes. */
  @Test
  void hashState_isBoundedAndRebuiltAfterEviction() {
    UploadService uploads =
        new UploadService(meta, blobs, clock, new UploadService.Limits(5000, 5000));
    byte[] data = content(100);
    UploadSession first = uploads.start(repo, OWNER);
    uploads.append(repo, first.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    for (int i = 0; i < HashCache.DEFAULT_ENTRIES + 10; i++) {
      UploadSession s = uploads.start(repo, OWNER);
      uploads.append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    }
    assertThat(uploads.cachedHashes()).isEqualTo(HashCache.DEFAULT_ENTRIES);
    uploads.append(repo, first.id(), OptionalLong.of(100), new ByteArrayInputStream(data));
    byte[] both = Arrays.copyOf(data, 200);
    System.arraycopy(data, 0, both, 100, 100);
    assertThat(uploads.complete(repo, first.id(), sha256(both), Optional.empty()).size())
        .isEqualTo(200);
  }
}
