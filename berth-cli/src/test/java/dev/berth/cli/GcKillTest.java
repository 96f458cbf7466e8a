package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Berth;
import dev.berth.blob.BlobContent;
import dev.berth.common.Hashing;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.registry.RepositoryService;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: {@code berth gc} killed with SIGKILL in the middle of a collection over thousands of
 * garbage blobs loses no referenced image, and the next run finishes the job: no garbage and no
 * DELETING row left. The killed run's lease names a process that no longer runs, so the next run
 * takes it over at once.
 */
class GcKillTest {
  private static final String OWNER = "arn:aws:iam::000000000000:root";
  private static final int IMAGES = 10;
  private static final int GARBAGE_ROWS = 2500;
  private static final int ORPHAN_FILES = 1000;
  private static final Pattern REMOVED =
      Pattern.compile("removing unreferenced blobs: removed (\\d+) blobs");

  @TempDir Path dir;

  record Image(Repository repo, Digest manifest, List<byte[]> blobs) {}

  @Test
  void killDuringACollection_losesNothingReferenced_andTheNextRunFinishes() throws Exception {
    Path data = dir.resolve("data");
    List<Image> images = with(data, s -> seed(s));
    long filesBefore = with(data, s -> (long) s.blobStore().digests().size());
    assertThat(filesBefore).isEqualTo(IMAGES * 3L + GARBAGE_ROWS + ORPHAN_FILES);

    Path log = dir.resolve("gc.log");
    Process gc =
        ServerProcess.launch(
            log,
            "gc",
            "--data",
            data.toString(),
            "--grace-period",
            "0",
            "--progress-interval",
            "0s");
    long removedAtKill = waitForRemovals(gc, log);
    gc.destroyForcibly();
    gc.waitFor();

    long deletingLeft = count(data, "SELECT COUNT(*) FROM blobs WHERE state = 'DELETING'");
    long garbageLeft =
        count(
            data,
            "SELECT COUNT(*) FROM blobs WHERE NOT EXISTS (SELECT 1 FROM"
                + " manifest_references r WHERE r.ref_digest = blobs.digest)");
    verify(data, images);

    Process again =
        ServerProcess.launch(log, "gc", "--data", data.toString(), "--grace-period", "0");
    assertThat(again.waitFor()).as(Files.readString(log)).isZero();

    verify(data, images);
    assertThat(count(data, "SELECT COUNT(*) FROM blobs WHERE state = 'DELETING'")).isZero();
    assertThat(count(data, "SELECT COUNT(*) FROM blobs")).isEqualTo(IMAGES * 3L);
    long filesAfter = with(data, s -> (long) s.blobStore().digests().size());
    assertThat(filesAfter).isEqualTo(IMAGES * 3L);
    assertThat(count(data, "SELECT COUNT(*) FROM leases WHERE holder IS NOT NULL")).isZero();
    System.out.printf(
        "gc kill: killed after %d blobs removed with %d DELETING rows and %d unreferenced rows"
            + " left; the next run finished; %d referenced images intact%n",
        removedAtKill, deletingLeft, garbageLeft, images.size());
  }

  private static long waitForRemovals(Process gc, Path log) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        Matcher m = REMOVED.matcher(Files.readString(log));
        while (m.find()) {
          if (Long.parseLong(m.group(1)) > 0) {
            return Long.parseLong(m.group(1));
          }
        }
      }
      if (!gc.isAlive()) {
        throw new AssertionError("gc ended before it was killed:\n" + Files.readString(log));
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no progress line:\n" + Files.readString(log));
  }

  private static List<Image> seed(Berth.Services s) {
    Repository repo =
        s.repositories()
            .create(
                new RegistryId(new AccountId("000000000000"), "us-east-1"),
                RepositoryService.name("team/app"),
                ImageTagMutability.MUTABLE,
                false);
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      byte[] config = ("{\"image\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      byte[] l1 = random(2000, i);
      byte[] l2 = random(3000, 1000 + i);
      BlobInfo c = upload(s, repo, config);
      BlobInfo a = upload(s, repo, l1);
      BlobInfo b = upload(s, repo, l2);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
              + c.digest()
              + "\",\"size\":"
              + c.size()
              + "},\"layers\":["
              + layer(a)
              + ","
              + layer(b)
              + "]}";
      byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
      s.manifests()
          .put(
              repo,
              new Reference.ByTag(new Tag("v" + i)),
              "application/vnd.oci.image.manifest.v1+json",
              bytes);
      images.add(new Image(repo, sha256(bytes), List.of(config, l1, l2)));
    }
    // Garbage: rows with bytes no manifest uses (as a deleted repository leaves them), and files
    // without rows (as a crash before this version left them).
    Instant old = Instant.now().minusSeconds(7200);
    for (int batch = 0; batch < GARBAGE_ROWS; batch += 500) {
      int from = batch;
      s.meta()
          .transactions()
          .run(
              () -> {
                for (int i = from; i < Math.min(from + 500, GARBAGE_ROWS); i++) {
                  s.meta().blobs().recordBlob(stage(s, "g" + i, random(64, 10_000 + i)), 64, old);
                }
              });
    }
    for (int i = 0; i < ORPHAN_FILES; i++) {
      stage(s, "o" + i, random(32, 50_000 + i));
    }
    return images;
  }

  private static Digest stage(Berth.Services s, String key, byte[] bytes) {
    Digest d = sha256(bytes);
    s.blobStore()
        .commit(s.blobStore().append(s.blobStore().begin(key), new ByteArrayInputStream(bytes)), d);
    return d;
  }

  private static String layer(BlobInfo b) {
    return "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
        + b.digest()
        + "\",\"size\":"
        + b.size()
        + "}";
  }

  private static void verify(Path data, List<Image> images) {
    with(
        data,
        s -> {
          for (Image image : images) {
            ManifestRecord m =
                s.manifests().get(image.repo(), new Reference.ByDigest(image.manifest()));
            assertThat(sha256(m.content())).isEqualTo(image.manifest());
            for (byte[] want : image.blobs()) {
              Digest d = sha256(want);
              BlobInfo info = s.blobs().stat(image.repo(), d);
              try (BlobContent c = s.blobs().open(image.repo(), d, 0, info.size());
                  InputStream in = c.stream()) {
                assertThat(in.readAllBytes()).isEqualTo(want);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
          return null;
        });
  }

  private static BlobInfo upload(Berth.Services s, Repository repo, byte[] b) {
    return s.uploads().upload(repo, OWNER, sha256(b), new ByteArrayInputStream(b));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Digest sha256(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  private static long count(Path data, String sql) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("berth.db"));
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static <T> T with(Path data, Function<Berth.Services, T> work) {
    BerthConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", data.toString()));
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      return work.apply(s);
    } finally {
      s.meta().close();
    }
  }
}
