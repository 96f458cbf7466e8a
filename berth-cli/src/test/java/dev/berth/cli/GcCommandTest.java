package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Berth;
import dev.berth.common.Hashing;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.gc.GarbageCollector;
import dev.berth.model.AccountId;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.registry.RepositoryService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: {@code berth gc} end to end on a data directory: dry run, real run, busy, help. */
class GcCommandTest {
  private static final String OWNER = "arn:aws:iam::000000000000:root";

  @TempDir Path dir;

  // Set by seed() inside the callback it passes (NullAway cannot follow the lambda).
  @SuppressWarnings("NullAway.Init")
  private Digest kept;

  @SuppressWarnings("NullAway.Init")
  private Digest garbage;

  @BeforeEach
  void seed() {
    with(
        s -> {
          Repository repo =
              s.repositories()
                  .create(
                      new RegistryId(new AccountId("000000000000"), "us-east-1"),
                      RepositoryService.name("team/app"),
                      ImageTagMutability.MUTABLE,
                      false);
          BlobInfo config = upload(s, repo, "{}".getBytes(StandardCharsets.UTF_8));
          BlobInfo layer = upload(s, repo, new byte[] {1, 2, 3, 4, 5});
          kept = layer.digest();
          String manifest =
              "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                  + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                  + "\"digest\":\""
                  + config.digest()
                  + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                  + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                  + layer.digest()
                  + "\",\"size\":5}]}";
          s.manifests()
              .put(
                  repo,
                  new Reference.ByTag(new Tag("v1")),
                  "application/vnd.oci.image.manifest.v1+json",
                  manifest.getBytes(StandardCharsets.UTF_8));
          garbage = upload(s, repo, new byte[1000]).digest();
          return null;
        });
  }

  private static BlobInfo upload(Berth.Services s, Repository repo, byte[] b) {
    return s.uploads()
        .upload(
            repo, OWNER, Digest.sha256(Hashing.sha256().digest(b)), new ByteArrayInputStream(b));
  }

  private <T> T with(Function<Berth.Services, T> work) {
    BerthConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", dir.toString()));
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      return work.apply(s);
    } finally {
      s.meta().close();
    }
  }

  private List<Digest> files() {
    return with(s -> s.blobStore().digests());
  }

  @Test
  void dryRun_printsWhatWouldGo_andRemovesNothing_thenARealRunRemovesIt() {
    CliRun.Result dry = run("gc", "--dry-run", "--grace-period", "0", "--data", dir.toString());

    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("dry run").contains("would remove 1 blobs (1000 bytes");
    assertThat(files()).contains(garbage, kept);

    CliRun.Result real = run("gc", "--grace-period", "0", "--data", dir.toString());

    assertThat(real.code()).as(real.err()).isZero();
    assertThat(real.out()).contains("removed 1 blobs (1000 bytes").contains("expired 1");
    assertThat(files()).contains(kept).doesNotContain(garbage);
    assertThat(with(s -> s.collector().lastRun()).orElseThrow().bytesRemoved()).isEqualTo(1000);
  }

  @Test
  void onADataDirectoryANodeServes_collectsWhileItServes() throws Exception {
    try (ServerProcess node = ServerProcess.start(dir, dir.resolve("serve.log"))) {
      CliRun.Result r = run("gc", "--grace-period", "0", "--data", dir.toString());

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("removed 1 blobs (1000 bytes");
      var health =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(node.uri("/healthz")).build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(health.statusCode()).isEqualTo(200);
    }
    assertThat(files()).contains(kept).doesNotContain(garbage);
  }

  @Test
  void defaultGracePeriod_keepsAFreshUpload() {
    CliRun.Result r = run("gc", "--data", dir.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("grace period 1h").contains("removed 0 blobs");
    assertThat(files()).contains(garbage);
  }

  @Test
  void anotherCollectionRunning_exitsOneWithOneLine() {
    with(
        s -> {
          var lease = s.meta().leases().get(GarbageCollector.LEASE);
          return s.meta()
              .leases()
              .take(
                  GarbageCollector.LEASE,
                  lease,
                  "elsewhere/1/0/cafe",
                  Instant.now().plusSeconds(600));
        });

    CliRun.Result r = run("gc", "--grace-period", "0", "--data", dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip().lines())
        .singleElement()
        .asString()
        .startsWith("berth: gc: another collection is running (elsewhere/1/0/cafe");
    assertThat(files()).contains(garbage);
  }

  @Test
  void help_describesTheOptions() {
    CliRun.Result r = run("gc", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--dry-run", "--grace-period", "--data", "--config");
    assertThat(run("gc", "--grace-period", "soon", "--data", dir.toString()).err())
        .contains("--grace-period: expected a duration");
  }

  private static CliRun.Result run(String... args) {
    return CliRun.run(args);
  }
}
