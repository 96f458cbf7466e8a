package dev.berth.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.blob.BlobStore;
import dev.berth.blob.Staged;
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
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.ForwardingBlobStore;
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
    blobs.append(
        new Staged(s.id(), 5_000, meta.uploads().find(s.id()).orElseThrow().stagingToken()),
        new ByteArrayInputStream(new byte[777]));
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
        new RepositoryService(meta, clock)
            .create(
                repo.registry(),
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
    blobs.begin("orphan-from-a-crash");
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
        new RepositoryService(meta, clock)
            .create(
                new RegistryId(new AccountId("000000000000"), "us-east-1"),
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

  /** A store that cannot read staged bytes back (as an object store's multipart upload). */
  private static final class WriteOnlyStaging extends ForwardingBlobStore {
    int reads;

    WriteOnlyStaging(BlobStore real) {
      super(real);
    }

    @Override
    public Optional<java.io.InputStream> readStaged(Staged state) {
      reads++;
      return Optional.empty();
    }
  }

  /**
   * Issue 12: an upload started on one node continues on a second and completes on a third, each a
   * fresh service with no memory of the session, and none rereads the staged bytes: the running
   * hash travels in the session row.
   */
  @Test
  void upload_continuesOnAnotherNode_fromTheRowsHashState_withoutRereadingBytes() {
    WriteOnlyStaging store = new WriteOnlyStaging(blobs);
    byte[] data = content(250_000);
    UploadService a = new UploadService(meta, store, clock);
    UploadSession s = a.start(repo, OWNER);
    a.append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(data, 0, 100_001));
    UploadService b = new UploadService(meta, store, clock);
    b.append(
        repo, s.id(), OptionalLong.of(100_001), new ByteArrayInputStream(data, 100_001, 99_999));
    assertThat(meta.uploads().find(s.id()).orElseThrow().hashState()).isNotEmpty();
    UploadService c = new UploadService(meta, store, clock);
    var blob =
        c.complete(
            repo,
            s.id(),
            sha256(data),
            Optional.of(new ByteArrayInputStream(data, 200_000, 50_000)));
    assertThat(blob.size()).isEqualTo(250_000);
    assertThat(store.reads).as("staged bytes reread").isZero();
    assertThat(blobs.open(sha256(data), 0, data.length).orElseThrow().stream())
        .hasBinaryContent(data);
  }

  /** A wrong digest is still caught when the hash came from the row. */
  @Test
  void wrongDigest_afterAHashStateRestore_isRefusedAndTheSessionGoes() {
    byte[] data = content(5000);
    UploadSession s = new UploadService(meta, blobs, clock).start(repo, OWNER);
    new UploadService(meta, blobs, clock)
        .append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(data));
    UploadService other = new UploadService(meta, blobs, clock);
    assertThatThrownBy(() -> other.complete(repo, s.id(), sha256(content(4999)), Optional.empty()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DIGEST_INVALID));
    assertThat(meta.uploads().find(s.id())).isEmpty();
  }

  /** A sha512 digest needs the bytes again: refused clearly where the store cannot reread them. */
  @Test
  void sha512_onAStoreThatCannotRereadStagedBytes_isRefusedWithDigestInvalid() {
    WriteOnlyStaging store = new WriteOnlyStaging(blobs);
    UploadService uploads = new UploadService(meta, store, clock);
    UploadSession s = uploads.start(repo, OWNER);
    uploads.append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(content(100)));
    Digest sha512 = new Digest("sha512", "ab".repeat(64));
    assertThatThrownBy(() -> uploads.complete(repo, s.id(), sha512, Optional.empty()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.DIGEST_INVALID);
              assertThat(e.getMessage()).contains("sha256");
            });
  }
}
