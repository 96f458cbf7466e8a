package dev.berth.gc;

import static dev.berth.gc.GcFixture.random;
import static dev.berth.gc.GcFixture.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.GcRunSummary;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.PutManifestResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: pushers, deleters, mounters and a collector with grace period 0 (the worst case) run at
 * once for a bounded time ({@code -Dberth.gc.stress.seconds}, default 25) on the real stores. Then
 * every acknowledged image not deleted pulls byte-identical, and a final collection with nothing
 * running leaves no unreferenced blob row, link or file. No timing is asserted.
 */
class GcStressTest {
  private static final int REPOSITORIES = 4;
  private static final int SHARED_LAYERS = 12;
  private static final int PUSHERS = 3;

  @TempDir Path dir;

  /** An acknowledged push: the manifest as sent and the layer seeds to regenerate its blobs. */
  record Image(Repository repo, Digest digest, byte[] manifest, List<Blob> blobs) {}

  /** A blob the test can regenerate: its bytes come from a seed (or are the config text). */
  record Blob(long seed, int size, String text) {
    byte[] bytes() {
      return text.isEmpty() ? random(size, seed) : text.getBytes(StandardCharsets.UTF_8);
    }
  }

  // Set first thing in the test: the worker threads it starts all read it.
  @SuppressWarnings("NullAway.Init")
  private GcFixture f;

  private final Map<String, AtomicReference<Repository>> repos = new ConcurrentHashMap<>();
  private final List<Image> acknowledged = new CopyOnWriteArrayList<>();
  private final Set<String> deletedRepositories = ConcurrentHashMap.newKeySet();
  private final Set<String> deletedImages = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> retries = new ConcurrentHashMap<>();
  private final AtomicLong unique = new AtomicLong(1000);
  private final AtomicLong reclaimed = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();

  /** The stores under test: SQLite in the data directory. */
  GcFixture fixture(Path dir) {
    return new GcFixture(dir, Duration.ZERO);
  }

  @Test
  void pushersDeletersMountersAndACollector_loseNothingAcknowledged() throws Exception {
    f = fixture(dir);
    try {
      for (int i = 0; i < REPOSITORIES; i++) {
        String name = "stress/r" + i;
        repos.put(name, new AtomicReference<>(f.repo(name)));
      }
      long seconds = Long.getLong("berth.gc.stress.seconds", 25);
      ExecutorService pool = Executors.newFixedThreadPool(PUSHERS + 3);
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < PUSHERS; i++) {
        workers.add(pool.submit(this::pusher));
      }
      workers.add(pool.submit(this::deleter));
      workers.add(pool.submit(this::mounter));
      workers.add(pool.submit(this::collector));
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      stop.set(true);
      for (Future<?> w : workers) {
        w.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      List<Image> alive =
          acknowledged.stream()
              .filter(i -> !deletedRepositories.contains(i.repo().id()))
              .filter(i -> !deletedImages.contains(key(i)))
              .toList();
      for (Image image : alive) {
        ManifestRecord m = f.manifests.get(image.repo(), new Reference.ByDigest(image.digest()));
        assertThat(sha256(m.content())).as("manifest %s", image.digest()).isEqualTo(image.digest());
        for (Blob b : image.blobs()) {
          byte[] want = b.bytes();
          byte[] got = f.read(image.repo(), sha256(want));
          assertThat(sha256(got)).as("blob of %s", image.digest()).isEqualTo(sha256(want));
        }
      }

      GcRunSummary last = f.collect().summary();
      reclaimed.addAndGet(last.bytesRemoved() + last.orphanBytes());
      assertThat(
              f.count(
                  "SELECT COUNT(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM"
                      + " manifest_references r WHERE r.ref_digest = b.digest)"))
          .as("unreferenced blob rows after the final collection")
          .isZero();
      assertThat(f.count("SELECT COUNT(*) FROM blobs WHERE state <> 'LIVE'")).isZero();
      assertThat(
              f.count(
                  "SELECT COUNT(*) FROM repository_blobs l WHERE NOT EXISTS (SELECT 1 FROM"
                      + " manifest_references r WHERE r.repository_id = l.repository_id"
                      + " AND r.ref_digest = l.digest)"))
          .as("unreferenced links")
          .isZero();
      List<Digest> files = f.blobs.digests();
      assertThat(f.meta.gc().recorded(files)).as("every file has a row").hasSize(files.size());
      assertThat(f.count("SELECT COUNT(*) FROM blobs"))
          .as("every row has a file")
          .isEqualTo(files.size());
      assertThat(f.blobs.stagingKeys()).isEmpty();
      System.out.printf(
          "gc stress: %d s, %d images acknowledged, %d deleted, %d alive and verified,"
              + " %d collections, %d bytes reclaimed, %d blobs left (%d bytes), retries %s%n",
          seconds,
          acknowledged.size(),
          acknowledged.size() - alive.size(),
          alive.size(),
          collections.get() + 1,
          reclaimed.get(),
          files.size(),
          f.count("SELECT COALESCE(SUM(size), 0) FROM blobs"),
          retries);
      assertThat(alive).as("the run verified something").isNotEmpty();
      assertThat(reclaimed.get()).as("the collector reclaimed something").isPositive();
    } finally {
      stop.set(true);
      f.close();
    }
  }

  private static String key(Image i) {
    return i.repo().id() + "@" + i.digest();
  }

  /** The current repository of that name (set before any worker starts). */
  private Repository repository(String name) {
    return java.util.Objects.requireNonNull(
        java.util.Objects.requireNonNull(repos.get(name)).get());
  }

  private Optional<Repository> anyRepository() {
    String name = "stress/r" + ThreadLocalRandom.current().nextInt(REPOSITORIES);
    return Optional.of(repository(name));
  }

  private void retried(String why) {
    retries.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
  }

  /** Whether the error is one a client answers by uploading (or pushing) again. */
  private boolean retryable(RegistryException e) {
    boolean ok =
        Set.of(
                ErrorKind.BLOB_UPLOAD_INVALID,
                ErrorKind.BLOB_UPLOAD_UNKNOWN,
                ErrorKind.MANIFEST_BLOB_UNKNOWN,
                ErrorKind.BLOB_UNKNOWN,
                ErrorKind.REPOSITORY_NOT_FOUND)
            .contains(e.kind());
    if (ok) {
      retried(e.kind().name());
    }
    return ok;
  }

  private Blob layer() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return r.nextInt(3) == 0
        ? new Blob(r.nextInt(SHARED_LAYERS), 2048 + 512 * r.nextInt(SHARED_LAYERS), "")
        : new Blob(unique.incrementAndGet(), 512 + r.nextInt(8192), "");
  }

  private Void pusher() {
    while (!stop.get()) {
      Repository repo = anyRepository().orElseThrow();
      String id = "image-" + unique.incrementAndGet();
      List<Blob> blobs = new ArrayList<>();
      blobs.add(new Blob(0, 0, "{\"id\":\"" + id + "\"}"));
      int layers = 1 + ThreadLocalRandom.current().nextInt(3);
      for (int i = 0; i < layers; i++) {
        blobs.add(layer());
      }
      push(repo, id, blobs);
    }
    return null;
  }

  /** Uploads the blobs then puts the manifest, as a client does, again on a retryable error. */
  private void push(Repository repo, String tag, List<Blob> blobs) {
    for (int attempt = 0; attempt < 20 && !stop.get(); attempt++) {
      try {
        List<BlobInfo> infos = new ArrayList<>();
        for (Blob b : blobs) {
          infos.add(f.upload(repo, b.bytes()));
        }
        byte[] manifest = GcFixture.manifest(infos.get(0), infos.subList(1, infos.size()));
        PutManifestResult put = f.put(repo, tag, manifest);
        acknowledged.add(new Image(repo, put.digest(), manifest, List.copyOf(blobs)));
        return;
      } catch (RegistryException e) {
        if (!retryable(e)) {
          throw e;
        }
        if (e.kind() == ErrorKind.REPOSITORY_NOT_FOUND) {
          return;
        }
      }
    }
  }

  private Void deleter() throws InterruptedException {
    while (!stop.get()) {
      Thread.sleep(80);
      if (acknowledged.isEmpty()) {
        continue;
      }
      ThreadLocalRandom r = ThreadLocalRandom.current();
      if (r.nextInt(40) == 0) {
        String name = "stress/r" + r.nextInt(REPOSITORIES);
        Repository old = repository(name);
        deletedRepositories.add(old.id());
        f.repositories.delete(GcFixture.REGISTRY, new RepositoryName(name), true);
        java.util.Objects.requireNonNull(repos.get(name)).set(f.repo(name));
        continue;
      }
      Image victim = acknowledged.get(r.nextInt(acknowledged.size()));
      if (deletedRepositories.contains(victim.repo().id()) || !deletedImages.add(key(victim))) {
        continue;
      }
      try {
        f.manifests.deleteImage(victim.repo(), Optional.of(victim.digest()), Optional.empty());
      } catch (RegistryException e) {
        if (e.kind() != ErrorKind.MANIFEST_UNKNOWN && e.kind() != ErrorKind.REPOSITORY_NOT_FOUND) {
          throw e;
        }
      }
    }
    return null;
  }

  /** Mounts an acknowledged image's blobs into another repository and puts its manifest there. */
  private Void mounter() throws InterruptedException {
    while (!stop.get()) {
      Thread.sleep(5);
      if (acknowledged.isEmpty()) {
        continue;
      }
      Image source = acknowledged.get(ThreadLocalRandom.current().nextInt(acknowledged.size()));
      Repository target = anyRepository().orElseThrow();
      if (target.id().equals(source.repo().id())) {
        continue;
      }
      String tag = "mounted-" + unique.incrementAndGet();
      try {
        boolean all = true;
        for (Blob b : source.blobs()) {
          Digest d = sha256(b.bytes());
          all &= f.uploads.mount(target, source.repo(), d).isPresent();
        }
        if (!all) {
          retried("mount-missed");
          push(target, tag, source.blobs());
          continue;
        }
        PutManifestResult put = f.put(target, tag, source.manifest());
        acknowledged.add(new Image(target, put.digest(), source.manifest(), source.blobs()));
      } catch (RegistryException e) {
        if (!retryable(e)) {
          throw e;
        }
      }
    }
    return null;
  }

  private Void collector() {
    while (!stop.get()) {
      GcOutcome o = f.collector.run(false, p -> {});
      if (o instanceof GcOutcome.Completed c) {
        collections.incrementAndGet();
        reclaimed.addAndGet(c.summary().bytesRemoved() + c.summary().orphanBytes());
      }
    }
    return null;
  }
}
