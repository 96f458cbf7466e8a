package dev.berth.gc;

import static dev.berth.gc.GcFixture.random;
import static dev.berth.gc.GcFixture.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.lease.Lease;
import dev.berth.meta.GcRunSummary;
import dev.berth.meta.LeaseState;
import dev.berth.meta.UploadSession;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.registry.PutManifestResult;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each step of a collection on the real stores (issue 10); the protocol is in package-info. */
class GarbageCollectorTest {
  private static final Duration TTL = GarbageCollector.LEASE_TTL;

  private static final Duration PAST_GRACE = GcFixture.GRACE.plusMinutes(1);

  @TempDir Path dir;
  private GcFixture f;
  private Repository repo;

  @BeforeEach
  void open() {
    f = new GcFixture(dir);
    repo = f.repo("team/app");
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static ErrorKind kind(Runnable r) {
    try {
      r.run();
    } catch (RegistryException e) {
      return e.kind();
    }
    throw new AssertionError("expected a RegistryException");
  }

  @Test
  void unreferencedUpload_isServedThroughTheGracePeriod_thenCollected() {
    byte[] layer = random(5000, 1);
    BlobInfo b = f.upload(repo, layer);

    GcRunSummary early = f.collect().summary();
    assertThat(early.blobsRemoved()).isZero();
    assertThat(early.linksExpired()).isZero();
    assertThat(f.read(repo, b.digest())).as("a push's blob before its manifest").isEqualTo(layer);

    f.clock.advance(PAST_GRACE);
    GcRunSummary late = f.collect().summary();
    assertThat(late.linksExpired()).isEqualTo(1);
    assertThat(late.blobsRemoved()).isEqualTo(1);
    assertThat(late.bytesRemoved()).isEqualTo(5000);
    assertThat(kind(() -> f.blobService.stat(repo, b.digest()))).isEqualTo(ErrorKind.BLOB_UNKNOWN);
    assertThat(f.blobs.size(b.digest())).isEmpty();
    assertThat(f.count("SELECT COUNT(*) FROM blobs")).isZero();
  }

  @Test
  void referencedBlobs_areKept() {
    byte[] l1 = random(1000, 2);
    byte[] l2 = random(2000, 3);
    PutManifestResult image = f.push(repo, "v1", l1, l2);
    f.clock.advance(Duration.ofDays(30));

    GcRunSummary s = f.collect().summary();

    assertThat(s.blobsRemoved()).isZero();
    assertThat(s.linksExpired()).isZero();
    assertThat(s.orphansRemoved()).isZero();
    assertThat(f.read(repo, sha256(l1))).isEqualTo(l1);
    assertThat(f.read(repo, sha256(l2))).isEqualTo(l2);
    assertThat(f.manifests.get(repo, new Reference.ByDigest(image.digest()))).isNotNull();
  }

  @Test
  void deletedImage_stopsServingItsOwnLayersAtOnce_andTheirBytesGoAfterTheGracePeriod() {
    byte[] own = random(1000, 4);
    byte[] shared = random(3000, 5);
    PutManifestResult a = f.push(repo, "a", own, shared);
    f.push(repo, "b", shared);

    f.manifests.delete(repo, new Reference.ByDigest(a.digest()));

    assertThat(kind(() -> f.blobService.stat(repo, sha256(own)))).isEqualTo(ErrorKind.BLOB_UNKNOWN);
    assertThat(f.read(repo, sha256(shared))).isEqualTo(shared);
    assertThat(f.collect().summary().blobsRemoved())
        .as("the row was touched within the grace period")
        .isZero();
    f.clock.advance(PAST_GRACE);
    GcRunSummary s = f.collect().summary();
    assertThat(s.blobsRemoved()).as("own layer and a's config").isEqualTo(2);
    assertThat(f.blobs.size(sha256(own))).isEmpty();
    assertThat(f.read(repo, sha256(shared))).isEqualTo(shared);
  }

  @Test
  void blobSharedAcrossRepositories_isKeptWhileAnyManifestReferencesIt() {
    byte[] layer = random(4000, 6);
    Repository other = f.repo("team/other");
    f.push(repo, "v1", layer);
    f.push(other, "v1", layer);

    f.repositories.delete(GcFixture.REGISTRY, repo.name(), true);
    f.clock.advance(PAST_GRACE);
    GcRunSummary s = f.collect().summary();

    assertThat(s.blobsRemoved()).as("layer and config are the other repository's too").isZero();
    assertThat(f.read(other, sha256(layer))).isEqualTo(layer);
  }

  @Test
  void deletedRepository_allItsOwnBlobsGo() {
    f.push(repo, "v1", random(1000, 7), random(1000, 8));
    f.repositories.delete(GcFixture.REGISTRY, repo.name(), true);
    f.clock.advance(PAST_GRACE);

    GcRunSummary s = f.collect().summary();

    assertThat(s.blobsRemoved()).isEqualTo(3);
    assertThat(f.blobs.digests()).isEmpty();
    assertThat(f.count("SELECT COUNT(*) FROM blobs")).isZero();
  }

  @Test
  void orphanFile_isRemovedAfterTheGracePeriod() {
    byte[] bytes = random(700, 9);
    f.blobs.commit(
        f.blobs.append(f.blobs.begin("crash"), new ByteArrayInputStream(bytes)), sha256(bytes));

    assertThat(f.collect().summary().orphansRemoved()).as("young file").isZero();
    f.clock.advance(PAST_GRACE);
    GcRunSummary s = f.collect().summary();

    assertThat(s.orphansRemoved()).isEqualTo(1);
    assertThat(s.orphanBytes()).isEqualTo(700);
    assertThat(f.blobs.size(sha256(bytes))).isEmpty();
    assertThat(f.count("SELECT COUNT(*) FROM blobs")).as("the claim row went too").isZero();
  }

  @Test
  void rowsLeftDeletingByADeadCollector_areFinishedWhateverTheirAge() {
    byte[] layer = random(1200, 10);
    BlobInfo b = f.upload(repo, layer);
    // A collector that died between marking and removing.
    f.sql("DELETE FROM repository_blobs");
    f.sql("UPDATE blobs SET state = 'DELETING'");

    GcRunSummary s = f.collect().summary();

    assertThat(s.blobsRemoved()).isEqualTo(1);
    assertThat(s.bytesRemoved()).isEqualTo(1200);
    assertThat(f.blobs.size(b.digest())).isEmpty();
    assertThat(f.count("SELECT COUNT(*) FROM blobs")).isZero();
  }

  @Test
  void idleSession_isPurgedAfterTheUploadExpiry_andStagingWithoutSessionAfterTheGracePeriod() {
    UploadSession s = f.uploads.start(repo, GcFixture.OWNER);
    f.uploads.append(repo, s.id(), OptionalLong.of(0), new ByteArrayInputStream(random(100, 11)));
    f.blobs.begin("left-by-a-crash");

    f.clock.advance(PAST_GRACE);
    GcRunSummary first = f.collect().summary();
    assertThat(first.sessionsPurged()).isZero();
    assertThat(first.stagingRemoved()).isEqualTo(1);
    assertThat(f.uploads.status(repo, s.id()).offset()).isEqualTo(100);

    f.clock.advance(GcFixture.UPLOAD_EXPIRY);
    GcRunSummary second = f.collect().summary();
    assertThat(second.sessionsPurged()).isEqualTo(1);
    assertThat(f.blobs.stagingKeys()).isEmpty();
    assertThat(kind(() -> f.uploads.status(repo, s.id()))).isEqualTo(ErrorKind.BLOB_UPLOAD_UNKNOWN);
  }

  @Test
  void dryRun_countsWhatARealRunRemoves_andRemovesNothing() {
    f.push(repo, "kept", random(100, 12));
    PutManifestResult gone = f.push(repo, "gone", random(200, 13));
    f.upload(repo, random(300, 14));
    byte[] orphan = random(400, 15);
    f.blobs.commit(
        f.blobs.append(f.blobs.begin("o"), new ByteArrayInputStream(orphan)), sha256(orphan));
    f.blobs.begin("abandoned");
    f.manifests.delete(repo, new Reference.ByDigest(gone.digest()));
    f.clock.advance(PAST_GRACE);
    List<Digest> files = f.blobs.digests();
    long rows = f.count("SELECT COUNT(*) FROM blobs");
    long links = f.count("SELECT COUNT(*) FROM repository_blobs");

    GcRunSummary dry = f.collect(true).summary();

    assertThat(dry.dryRun()).isTrue();
    assertThat(f.blobs.digests()).containsExactlyInAnyOrderElementsOf(files);
    assertThat(f.count("SELECT COUNT(*) FROM blobs")).isEqualTo(rows);
    assertThat(f.count("SELECT COUNT(*) FROM repository_blobs")).isEqualTo(links);
    assertThat(f.blobs.stagingKeys()).containsExactly("abandoned");
    assertThat(f.collector.lastRun()).as("a dry run is not recorded").isEmpty();

    GcRunSummary real = f.collect().summary();
    assertThat(real.dryRun()).isFalse();
    assertThat(List.of(dry.blobsRemoved(), dry.bytesRemoved(), dry.orphansRemoved()))
        .containsExactly(real.blobsRemoved(), real.bytesRemoved(), real.orphansRemoved());
    assertThat(List.of(dry.linksExpired(), dry.stagingRemoved()))
        .containsExactly(real.linksExpired(), real.stagingRemoved());
    assertThat(real.blobsRemoved())
        .as("gone's layer and config, the unreferenced upload")
        .isEqualTo(3);
    assertThat(real.orphansRemoved()).isEqualTo(1);
    assertThat(real.linksExpired()).isEqualTo(1);
    assertThat(real.stagingRemoved()).isEqualTo(1);
    assertThat(f.collector.lastRun()).contains(real);
  }

  @Test
  void manifestPut_afterItsBlobWasCollected_isRefusedUntilTheBlobIsUploadedAgain() {
    byte[] layer = random(900, 16);
    BlobInfo config = f.upload(repo, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    BlobInfo l = f.upload(repo, layer);
    f.clock.advance(PAST_GRACE);
    f.collect();
    byte[] manifest = GcFixture.manifest(config, List.of(l));

    assertThat(kind(() -> f.put(repo, "v1", manifest))).isEqualTo(ErrorKind.MANIFEST_BLOB_UNKNOWN);
    f.upload(repo, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    f.upload(repo, layer);
    assertThat(f.put(repo, "v1", manifest).created()).isTrue();
    assertThat(f.read(repo, l.digest())).isEqualTo(layer);
  }

  @Test
  void secondCollector_isRefusedWhileTheLeaseIsLive() {
    LeaseState free = f.meta.leases().get(GarbageCollector.LEASE);
    String other = "elsewhere/1/0/cafe";
    f.meta.leases().take(GarbageCollector.LEASE, free, other, f.clock.instant().plus(TTL));

    GcOutcome o = f.collector.run(false, p -> {});

    assertThat(o).isInstanceOf(GcOutcome.Busy.class);
    assertThat(((GcOutcome.Busy) o).message()).contains("another collection is running", other);
    f.clock.advance(TTL.plusSeconds(1));
    assertThat(f.collector.run(false, p -> {}))
        .as("lapsed")
        .isInstanceOf(GcOutcome.Completed.class);
    assertThat(f.meta.leases().get(GarbageCollector.LEASE).holder()).as("released").isEmpty();
  }

  @Test
  void leaseOfAProcessOnThisHostThatNoLongerRuns_isTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String self = f.collector.run(true, p -> {}) instanceof GcOutcome.Completed ? "ok" : "busy";
    assertThat(self).isEqualTo("ok");
    String holder = Lease.hostForTests() + "/" + gone.pid() + "/0/dead";
    assertThat(Lease.deadHere(holder)).isTrue();
    assertThat(Lease.deadHere(Lease.hostForTests() + "/" + ProcessHandle.current().pid() + "/0/x"))
        .isFalse();
    f.meta
        .leases()
        .take(
            GarbageCollector.LEASE,
            f.meta.leases().get(GarbageCollector.LEASE),
            holder,
            f.clock.instant().plus(TTL));

    assertThat(f.collector.run(false, p -> {})).isInstanceOf(GcOutcome.Completed.class);
  }

  @Test
  void progress_isReportedWithTheStepAndCounts() {
    for (int i = 0; i < 5; i++) {
      f.upload(repo, random(10, 100 + i));
    }
    f.clock.advance(PAST_GRACE);
    GarbageCollector eager =
        new GarbageCollector(
            f.meta.gc(),
            f.meta.leases(),
            f.blobs,
            f.clock,
            new GarbageCollector.Settings(
                GcFixture.GRACE, GcFixture.UPLOAD_EXPIRY, Duration.ZERO, 2));
    List<GcProgress> seen = new ArrayList<>();

    GcOutcome o = eager.run(false, seen::add);

    assertThat(o).isInstanceOf(GcOutcome.Completed.class);
    assertThat(seen).extracting(GcProgress::step).contains("removing unreferenced blobs");
    assertThat(seen.get(seen.size() - 1).soFar().blobsRemoved()).isPositive();
    assertThat(seen.get(seen.size() - 1).line()).contains("removed", "blobs");
  }

  @Test
  void interruptedRun_releasesTheLease_andTheNextRunFinishes() {
    for (int i = 0; i < 5; i++) {
      f.upload(repo, random(10, 200 + i));
    }
    f.clock.advance(PAST_GRACE);
    GarbageCollector eager =
        new GarbageCollector(
            f.meta.gc(),
            f.meta.leases(),
            f.blobs,
            f.clock,
            new GarbageCollector.Settings(
                GcFixture.GRACE, GcFixture.UPLOAD_EXPIRY, Duration.ZERO, 2));
    // As a node's shutdown interrupts it: after the first batch of blobs went.
    assertThatThrownBy(
            () ->
                eager.run(
                    false,
                    p -> {
                      if (p.soFar().blobsRemoved() > 0) {
                        Thread.currentThread().interrupt();
                      }
                    }))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(f.meta.leases().get(GarbageCollector.LEASE).holder()).isEmpty();
    long left = f.count("SELECT COUNT(*) FROM blobs");
    assertThat(left).as("stopped between batches").isBetween(1L, 4L);

    assertThat(f.collect().summary().blobsRemoved()).isEqualTo(left);
    assertThat(f.meta.gc().deleting(Optional.empty(), 10)).isEmpty();
    assertThat(f.blobs.digests()).isEmpty();
  }

  @Test
  void tagDelete_ofAnImageKeepsItsLayers() {
    byte[] layer = random(321, 17);
    f.push(repo, "v1", layer);
    f.manifests.delete(repo, new Reference.ByTag(new Tag("v1")));
    f.clock.advance(PAST_GRACE);
    assertThat(f.collect().summary().blobsRemoved()).as("the untagged image remains").isZero();
    assertThat(f.read(repo, sha256(layer))).isEqualTo(layer);
  }
}
