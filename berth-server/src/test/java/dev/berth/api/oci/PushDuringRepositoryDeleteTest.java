package dev.berth.api.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.oci.OciFixtures.Blob;
import dev.berth.api.oci.OciHttp.Reply;
import dev.berth.app.Berth;
import dev.berth.app.TestNode;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;

/**
 * Issue 9, item 12: pushes (OCI upload and manifest put, ECR layer upload) while the same
 * repository is deleted and recreated in a loop. Every answer is a success or a clear 4xx, and
 * afterwards no staged or committed bytes lack their rows, and no linked row lacks its bytes.
 */
class PushDuringRepositoryDeleteTest {
  private static final String REPO = "race/app";
  private static final Duration RUN = Duration.ofSeconds(4);

  /** The OCI error codes a push may get when its repository goes away under it. */
  private static final Set<String> OCI_EXPECTED =
      Set.of("NAME_UNKNOWN", "BLOB_UPLOAD_UNKNOWN", "MANIFEST_BLOB_UNKNOWN");

  /** The same for the ECR API. */
  private static final Set<String> ECR_EXPECTED =
      Set.of("RepositoryNotFoundException", "UploadNotFoundException");

  @TempDir Path dir;

  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

  @Test
  void pushesRacingDeleteAndRecreate_answerClearlyAndLeaveNoOrphans() throws Exception {
    try (TestNode node = TestNode.start(dir);
        EcrClient ecr = ecr(node)) {
      ecr.createRepository(r -> r.repositoryName(REPO));
      long deadline = System.nanoTime() + RUN.toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        running.add(pool.submit(loop(deadline, () -> deleteAndRecreate(ecr))));
        for (int t = 0; t < 2; t++) {
          OciHttp http = new OciHttp(node.base(), Optional.of(node.basicAuth()));
          Random random = new Random(t);
          running.add(pool.submit(loop(deadline, () -> ociPush(http, random))));
        }
        Random random = new Random(99);
        running.add(pool.submit(loop(deadline, () -> ecrUpload(ecr, random))));
        for (Future<?> f : running) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(unexpected).as("answers other than success or a clear 4xx").isEmpty();
      assertThat(count("oci manifest 201")).as("outcomes %s", outcomes).isPositive();
      assertThat(count("ecr complete ok")).as("outcomes %s", outcomes).isPositive();
      assertThat(
              outcomes.keySet().stream()
                  .filter(k -> k.contains("_UNKNOWN") || k.contains("NotFound"))
                  .count())
          .as("the race never hit a push: %s", outcomes)
          .isPositive();
      assertNoOrphans(node);
    }
  }

  private Callable<Void> loop(long deadline, Runnable step) {
    return () -> {
      while (System.nanoTime() < deadline) {
        step.run();
      }
      return null;
    };
  }

  private final Random pauses = new Random(7);

  /** Deletes and recreates the repository, leaving it alive a varying while in between. */
  private void deleteAndRecreate(EcrClient ecr) {
    ecrCall("delete", () -> ecr.deleteRepository(r -> r.repositoryName(REPO).force(true)));
    ecrCall("create", () -> ecr.createRepository(r -> r.repositoryName(REPO)));
    try {
      Thread.sleep(20 + pauses.nextInt(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A chunked layer upload, a monolithic config upload and the manifest. */
  private void ociPush(OciHttp http, Random random) {
    Blob layer = Blob.random(1024 + random.nextInt(4096), random.nextLong());
    Blob config = OciFixtures.config(Long.toString(random.nextLong()));
    Reply start = oci("start", http.post("/v2/" + REPO + "/blobs/uploads/", new byte[0]));
    if (start.status() != 202) {
      return;
    }
    String location = start.location();
    Reply patch =
        oci(
            "patch",
            http.patch(location, layer.bytes(), "Content-Type", "application/octet-stream"));
    if (patch.status() != 202) {
      return;
    }
    String sep = patch.location().contains("?") ? "&" : "?";
    Reply done =
        oci("complete", http.put(patch.location() + sep + "digest=" + layer.digest(), new byte[0]));
    if (done.status() != 201) {
      return;
    }
    Reply cfg =
        oci(
            "config",
            http.post(
                "/v2/" + REPO + "/blobs/uploads/?digest=" + config.digest(),
                config.bytes(),
                "Content-Type",
                "application/octet-stream"));
    if (cfg.status() != 201) {
      return;
    }
    oci(
        "manifest",
        http.put(
            "/v2/" + REPO + "/manifests/latest",
            OciFixtures.bytes(OciFixtures.ociImage(config, layer)),
            "Content-Type",
            OciFixtures.OCI_MANIFEST));
  }

  private void ecrUpload(EcrClient ecr, Random random) {
    byte[] content = new byte[512 + random.nextInt(2048)];
    random.nextBytes(content);
    Digest digest = Digest.sha256(Hashing.sha256().digest(content));
    ecrCall(
        "complete",
        () -> {
          String id = ecr.initiateLayerUpload(r -> r.repositoryName(REPO)).uploadId();
          ecr.uploadLayerPart(
              r ->
                  r.repositoryName(REPO)
                      .uploadId(id)
                      .partFirstByte(0L)
                      .partLastByte((long) content.length - 1)
                      .layerPartBlob(SdkBytes.fromByteArray(content)));
          ecr.completeLayerUpload(
              r -> r.repositoryName(REPO).uploadId(id).layerDigests(digest.toString()));
        });
  }

  private Reply oci(String step, Reply r) {
    String key = "oci " + step + " " + r.status();
    if (r.status() >= 400) {
      String code = r.status() >= 500 ? "?" : r.json().path("errors").path(0).path("code").asText();
      key += " " + code;
      if (r.status() >= 500 || !OCI_EXPECTED.contains(code)) {
        unexpected.add(step + ": " + r);
      }
    }
    outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    return r;
  }

  private void ecrCall(String step, Runnable call) {
    String key;
    try {
      call.run();
      key = "ecr " + step + " ok";
    } catch (EcrException e) {
      String code = e.awsErrorDetails().errorCode();
      key = "ecr " + step + " " + code;
      boolean expected =
          ECR_EXPECTED.contains(code)
              || (step.equals("create") && code.equals("RepositoryAlreadyExistsException"));
      if (!expected || e.statusCode() >= 500) {
        unexpected.add(step + ": " + e.statusCode() + " " + code + " " + e.getMessage());
      }
    }
    outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private int count(String key) {
    AtomicInteger n = outcomes.get(key);
    return n == null ? 0 : n.get();
  }

  /**
   * Staging files and session rows match one to one; every blob file has its row, and every linked
   * row its bytes. A row may lack bytes only when no repository links it: since issue 10 the row
   * comes before the bytes, and a push whose repository went between the two leaves such a row for
   * the collector. After a collection past the grace period, blob files and rows match one to one.
   */
  private void assertNoOrphans(TestNode node) throws Exception {
    Berth berth = node.berth();
    Set<String> stagingFiles = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir.resolve("uploads"))) {
      files.forEach(p -> stagingFiles.add(p.getFileName().toString()));
    }
    assertThat(stagingFiles)
        .as("staged bytes without a session")
        .isEqualTo(query(berth, "SELECT id, 0 FROM upload_sessions").keySet());
    Set<String> blobFiles = files(berth);
    Map<String, Long> blobRows = query(berth, "SELECT digest, size FROM blobs");
    Map<String, Long> linkedRows =
        query(
            berth,
            "SELECT digest, size FROM blobs b WHERE EXISTS (SELECT 1 FROM repository_blobs l"
                + " WHERE l.digest = b.digest)");
    assertThat(blobRows.keySet()).as("blob files without a row").containsAll(blobFiles);
    for (Map.Entry<String, Long> row : linkedRows.entrySet()) {
      assertThat(berth.services().blobStore().size(Digest.of(row.getKey())))
          .as("bytes of linked %s", row.getKey())
          .hasValue(row.getValue());
    }

    node.clock().advance(Duration.ofHours(2));
    assertThat(berth.services().collector().run(false, p -> {}))
        .isInstanceOf(dev.berth.gc.GcOutcome.Completed.class);
    assertThat(files(berth))
        .as("blob files against blob rows after a collection")
        .isEqualTo(query(berth, "SELECT digest, size FROM blobs").keySet());
  }

  private static Set<String> files(Berth berth) {
    Set<String> out = new TreeSet<>();
    berth.services().blobStore().digests().forEach(d -> out.add(d.toString()));
    return out;
  }

  private static Map<String, Long> query(Berth berth, String sql) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(berth.config().storage().databaseUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static EcrClient ecr(TestNode node) {
    return EcrClient.builder()
        .endpointOverride(node.base())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY)))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }
}
