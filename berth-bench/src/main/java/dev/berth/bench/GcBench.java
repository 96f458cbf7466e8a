package dev.berth.bench;

import dev.berth.blob.fs.FileBlobStore;
import dev.berth.common.Hashing;
import dev.berth.common.Ids;
import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcOutcome;
import dev.berth.meta.GcRunSummary;
import dev.berth.meta.ManifestReference;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The garbage-collection benchmark of issue 10 (not JMH: one collection is the measurement). Run by
 * {@code bench/run.sh --only gc}:
 *
 * <pre>
 * GcBench build DIR BLOBS MANIFESTS   a data directory: BLOBS blobs of 512 bytes, half of them
 *                                     referenced by MANIFESTS manifests (config + layers) in 100
 *                                     repositories; the other half garbage: 40% rows nobody links
 *                                     (a deleted repository's), 30% rows whose only link no
 *                                     manifest uses, 30% files without a row. Two days old.
 * GcBench collect DIR                 one collection with the default grace period (1 h), in
 *                                     this JVM; prints the summary, the time and VmHWM.
 * </pre>
 *
 * Metadata goes through the stores (MetadataStore, in transactions of 1,000); blob bytes are
 * written straight into the filesystem store's documented layout without fsync, which only makes
 * the build faster (a collection reads and deletes them as any).
 */
public final class GcBench {
  private static final int BLOB_SIZE = 512;
  private static final int REPOSITORIES = 100;
  private static final AccountId ACCOUNT = new AccountId("000000000000");

  private GcBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    if ("build".equals(mode) && args.length == 4) {
      build(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    } else if ("collect".equals(mode) && args.length == 2) {
      collect(Path.of(args[1]));
    } else {
      System.err.println("usage: GcBench build DIR BLOBS MANIFESTS | GcBench collect DIR");
      System.exit(2);
    }
  }

  private static MetadataStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
  }

  static void build(Path dir, int blobs, int manifests) throws Exception {
    long t0 = System.nanoTime();
    Instant old = Instant.now().minus(Duration.ofDays(2));
    FileTime oldFile = FileTime.from(old);
    try (MetadataStore meta = open(dir)) {
      new FileBlobStore(dir);
      meta.accounts().ensure(ACCOUNT, old);
      List<Repository> repos = new ArrayList<>();
      for (int r = 0; r < REPOSITORIES; r++) {
        Repository repo =
            new Repository(
                Ids.uuid(),
                new RegistryId(ACCOUNT, "us-east-1"),
                new RepositoryName("bench/r" + r),
                old,
                RepositorySettings.defaults());
        meta.repositories().create(repo);
        repos.add(repo);
      }
      int referenced = blobs / 2;
      int perManifest = Math.max(1, referenced / manifests);
      SplittableRandom random = new SplittableRandom(42);
      int[] next = {0};
      // Referenced: manifest m lists blobs [m * perManifest, (m + 1) * perManifest).
      for (int from = 0; from < manifests; from += 1000) {
        int start = from;
        meta.transactions()
            .run(
                () -> {
                  for (int m = start; m < Math.min(start + 1000, manifests); m++) {
                    Repository repo = repos.get(m % REPOSITORIES);
                    List<ManifestReference> refs = new ArrayList<>();
                    StringBuilder body = new StringBuilder("{\"bench\":" + m + ",\"blobs\":[");
                    for (int i = 0; i < perManifest; i++) {
                      Digest d = writeBlob(dir, random, oldFile);
                      next[0]++;
                      meta.blobs().recordBlob(d, BLOB_SIZE, old);
                      meta.blobs().link(repo.id(), d, old);
                      refs.add(
                          new ManifestReference(
                              i == 0 ? ManifestReference.Kind.CONFIG : ManifestReference.Kind.LAYER,
                              i == 0 ? 0 : i - 1,
                              d,
                              "application/octet-stream",
                              BLOB_SIZE));
                      body.append(i == 0 ? "" : ",").append('"').append(d).append('"');
                    }
                    byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
                    meta.images()
                        .insertManifest(
                            repo.id(),
                            new ManifestRecord(
                                Digest.sha256(Hashing.sha256().digest(bytes)),
                                "application/vnd.oci.image.manifest.v1+json",
                                bytes,
                                Optional.empty(),
                                Optional.empty(),
                                old,
                                Optional.empty()),
                            refs);
                  }
                });
      }
      int garbage = blobs - next[0];
      int unlinked = garbage * 4 / 10;
      int staleLinks = garbage * 3 / 10;
      for (int from = 0; from < unlinked + staleLinks; from += 1000) {
        int start = from;
        meta.transactions()
            .run(
                () -> {
                  for (int g = start; g < Math.min(start + 1000, unlinked + staleLinks); g++) {
                    Digest d = writeBlob(dir, random, oldFile);
                    meta.blobs().recordBlob(d, BLOB_SIZE, old);
                    if (g >= unlinked) {
                      meta.blobs().link(repos.get(g % REPOSITORIES).id(), d, old);
                    }
                  }
                });
      }
      for (int g = unlinked + staleLinks; g < garbage; g++) {
        writeBlob(dir, random, oldFile);
      }
      System.out.printf(
          "built blobs %d manifests %d referenced %d garbage %d (unlinked rows %d, stale links %d,"
              + " orphan files %d) ms %d%n",
          blobs,
          manifests,
          next[0],
          garbage,
          unlinked,
          staleLinks,
          garbage - unlinked - staleLinks,
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** A random blob at {@code blobs/sha256/<2 hex>/<hex>}, dated {@code mtime}. */
  private static Digest writeBlob(Path dir, SplittableRandom random, FileTime mtime) {
    byte[] b = new byte[BLOB_SIZE];
    for (int i = 0; i < b.length; i += 8) {
      long v = random.nextLong();
      for (int j = 0; j < 8; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    Digest d = Digest.sha256(Hashing.sha256().digest(b));
    Path p =
        dir.resolve("blobs").resolve("sha256").resolve(d.hex().substring(0, 2)).resolve(d.hex());
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, b);
      Files.setLastModifiedTime(p, mtime);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return d;
  }

  static void collect(Path dir) throws Exception {
    try (MetadataStore meta = open(dir)) {
      GarbageCollector gc =
          new GarbageCollector(
              meta.gc(),
              meta.leases(),
              new FileBlobStore(dir),
              Clock.systemUTC(),
              GarbageCollector.Settings.of(Duration.ofHours(1), Duration.ofHours(24))
                  .withProgressInterval(Duration.ofSeconds(1)));
      long t0 = System.nanoTime();
      GcOutcome o =
          gc.run(
              false,
              p ->
                  System.err.println(
                      "progress ms=" + (System.nanoTime() - t0) / 1_000_000 + " " + p.line()));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      GcRunSummary s = ((GcOutcome.Completed) o).summary();
      System.out.printf(
          "ms %d%nblobs_removed %d%nbytes_removed %d%norphans_removed %d%nlinks_expired %d%n"
              + "hwm_mib %.1f%nheap_max_mib %d%n",
          ms,
          s.blobsRemoved(),
          s.bytesRemoved() + s.orphanBytes(),
          s.orphansRemoved(),
          s.linksExpired(),
          vmHwmKib() / 1024.0,
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }

  /** Peak resident set of this process, from {@code /proc/self/status} (0 where absent). */
  private static long vmHwmKib() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
