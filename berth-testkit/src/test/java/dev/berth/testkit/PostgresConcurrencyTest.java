package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.blob.fs.FileBlobStore;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import dev.berth.upload.UploadService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: what SQLite's single writer made safe stays safe under PostgreSQL's concurrency.
 * Writers run SERIALIZABLE and a transaction aborted for a serialization failure runs again, so
 * each race below ends as one of its serial orders would. Threads start together at a barrier and
 * every round is checked, not only the last.
 */
class PostgresConcurrencyTest {
  private static final AccountId ACCOUNT = new AccountId("111122223333");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");
  private static final int THREADS = 8;

  @TempDir Path dir;
  private MetadataStore meta;
  private RepositoryService repositories;
  private ManifestService manifests;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open(PostgresServer.shared().newDatabase(), THREADS * 2, null, "us-east-1");
    Clock clock = Clock.systemUTC();
    repositories = new RepositoryService(meta, clock);
    manifests = new ManifestService(meta, clock);
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    meta.close();
  }

  private Repository repo(String name, ImageTagMutability mutability) {
    return repositories.create(REGISTRY, RepositoryService.name(name), mutability, false);
  }

  private static byte[] index(String marker) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":[],\"annotations\":{\"m\":\""
            + marker
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Digest sha256(byte[] bytes) throws Exception {
    return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Runs the tasks at once (after a shared barrier) and returns each one's outcome. */
  private <T> List<Outcome<T>> race(List<Callable<T>> tasks) throws Exception {
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    List<Outcome<T>> out = new ArrayList<>();
    for (Future<T> f : futures) {
      try {
        out.add(new Outcome<>(Optional.of(f.get()), Optional.empty()));
      } catch (java.util.concurrent.ExecutionException e) {
        out.add(new Outcome<>(Optional.empty(), Optional.ofNullable(e.getCause())));
      }
    }
    return out;
  }

  private record Outcome<T>(Optional<T> value, Optional<Throwable> failure) {
    ErrorKind kind() {
      return failure
          .filter(RegistryException.class::isInstance)
          .map(f -> ((RegistryException) f).kind())
          .orElseThrow(() -> new AssertionError("not a registry error: " + failure));
    }
  }

  @Test
  void immutableTag_manyDifferentPutsAtOnce_exactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      Repository repo = repo("immutable/r" + round, ImageTagMutability.IMMUTABLE);
      List<Callable<Digest>> puts = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        byte[] body = index(round + "-" + i);
        puts.add(
            () -> {
              manifests.put(repo, new Reference.ByTag(new Tag("v1")), MediaTypes.OCI_INDEX, body);
              return sha256(body);
            });
      }
      List<Outcome<Digest>> outcomes = race(puts);
      List<Digest> winners = outcomes.stream().flatMap(o -> o.value().stream()).toList();
      assertThat(winners).as("round %d", round).hasSize(1);
      outcomes.stream()
          .filter(o -> o.failure().isPresent())
          .forEach(o -> assertThat(o.kind()).isEqualTo(ErrorKind.TAG_IMMUTABLE));
      assertThat(meta.images().findTag(repo.id(), new Tag("v1"))).contains(winners.get(0));
    }
  }

  @Test
  void sameManifestAndTag_pushedAtOnce_allSucceed() throws Exception {
    Repository repo = repo("same/app", ImageTagMutability.IMMUTABLE);
    byte[] body = index("same");
    List<Callable<Boolean>> puts = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      puts.add(
          () -> {
            manifests.put(repo, new Reference.ByTag(new Tag("v1")), MediaTypes.OCI_INDEX, body);
            return true;
          });
    }
    assertThat(race(puts)).allSatisfy(o -> assertThat(o.value()).contains(true));
    assertThat(meta.images().findTag(repo.id(), new Tag("v1"))).contains(sha256(body));
  }

  @Test
  void sameBlob_uploadedAtOnceIntoTwoRepositories_isOneRowLinkedToBoth() throws Exception {
    UploadService uploads =
        new UploadService(meta, new FileBlobStore(dir.resolve("blobs")), Clock.systemUTC());
    Repository a = repo("blob/a", ImageTagMutability.MUTABLE);
    Repository b = repo("blob/b", ImageTagMutability.MUTABLE);
    byte[] content = "the same layer".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Digest digest = sha256(content);
    List<Callable<BlobInfo>> pushes = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Repository target = i % 2 == 0 ? a : b;
      pushes.add(() -> uploads.upload(target, "owner", digest, new ByteArrayInputStream(content)));
    }
    assertThat(race(pushes))
        .allSatisfy(o -> assertThat(o.value().map(BlobInfo::size)).contains((long) content.length));
    assertThat(meta.blobs().linkedSize(a.id(), digest)).contains((long) content.length);
    assertThat(meta.blobs().linkedSize(b.id(), digest)).contains((long) content.length);
    assertThat(meta.blobs().totals().count()).isEqualTo(1);
  }

  @Test
  void deleteWhilePush_eitherThePushFailsOrTheDeleteTakesItsManifest() throws Exception {
    for (int round = 0; round < 20; round++) {
      Repository repo = repo("delete/r" + round, ImageTagMutability.MUTABLE);
      byte[] body = index("d" + round);
      List<Outcome<Object>> outcomes =
          race(
              List.of(
                  () ->
                      manifests.put(
                          repo, new Reference.ByTag(new Tag("v1")), MediaTypes.OCI_INDEX, body),
                  () -> repositories.delete(REGISTRY, repo.name(), true)));
      Outcome<Object> put = outcomes.get(0);
      Outcome<Object> delete = outcomes.get(1);
      if (put.failure().isPresent()) {
        assertThat(put.kind()).as("round %d", round).isEqualTo(ErrorKind.REPOSITORY_NOT_FOUND);
      }
      if (delete.failure().isPresent()) {
        // the delete ran first and found the pushed image? A forced delete never refuses.
        throw new AssertionError("forced delete failed", delete.failure().get());
      }
      assertThat(repositories.find(REGISTRY, repo.name())).isEmpty();
      assertThat(meta.images().findTag(repo.id(), new Tag("v1"))).isEmpty();
    }
  }

  /**
   * The collector's claim (LIVE to DELETING, if nothing links the blob) against a link made at the
   * same moment: never both, or a pushed image would lose a blob the collector then removes.
   */
  @Test
  void collectorClaimAgainstALink_neverBoth() throws Exception {
    Repository repo = repo("gc/app", ImageTagMutability.MUTABLE);
    Instant old = Instant.now().minus(Duration.ofHours(2));
    Instant cutoff = Instant.now().minus(Duration.ofHours(1));
    int claimed = 0;
    int linked = 0;
    for (int round = 0; round < 100; round++) {
      Digest d = sha256(("blob " + round).getBytes(StandardCharsets.UTF_8));
      meta.blobs().recordBlob(d, 10, old);
      List<Outcome<Boolean>> outcomes =
          race(
              List.of(
                  () -> !meta.gc().markDeleting(List.of(d), cutoff).isEmpty(),
                  () -> meta.blobs().link(repo.id(), d, Instant.now())));
      boolean claim = outcomes.get(0).value().orElseThrow();
      boolean link = outcomes.get(1).value().orElseThrow();
      assertThat(claim && link).as("round %d: claimed and linked", round).isFalse();
      assertThat(claim || link).as("round %d: one of them wins", round).isTrue();
      claimed += claim ? 1 : 0;
      linked += link ? 1 : 0;
    }
    assertThat(claimed + linked).isEqualTo(100);
  }

  /**
   * A transaction aborted for serialization again and again runs again beside others eight times,
   * then alone: under the exclusive writer lock, which another session sees held while it runs.
   */
  @Test
  void aTransactionThatKeepsLosing_runsAloneUnderTheExclusiveWriterLock() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    try (MetadataStore store = JdbcMetadata.open(url);
        java.sql.Connection observer = java.sql.DriverManager.getConnection(url)) {
      List<String> modes = new ArrayList<>();
      int result =
          store
              .transactions()
              .inTransaction(
                  () -> {
                    modes.add(advisoryLockModes(observer));
                    if (modes.size() <= 8) {
                      throw new IllegalStateException(
                          new java.sql.SQLException("simulated", "40001"));
                    }
                    return modes.size();
                  });
      assertThat(result).isEqualTo(9);
      assertThat(modes.subList(0, 8)).containsOnly("ShareLock");
      assertThat(modes.get(8)).isEqualTo("ExclusiveLock");
    }
  }

  private static String advisoryLockModes(java.sql.Connection c) {
    try (java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery(
                "SELECT string_agg(mode, ',' ORDER BY mode) FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND granted")) {
      rs.next();
      return String.valueOf(rs.getString(1));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
