package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Berth;
import dev.berth.common.Hashing;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.PostgresServer;
import dev.berth.testkit.S3TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: {@code berth migrate --to-config} on the command line: progress on stderr, the summary
 * on stdout, exit 0 when everything arrived, 3 when the old node's store lacks a blob its metadata
 * lists (named in the summary), 1 with one line when refused.
 */
class MigrateCommandTest {
  private static final String OWNER = "arn:aws:iam::000000000000:root";

  @TempDir Path dir;

  @SuppressWarnings("NullAway.Init")
  private Digest layer;

  @BeforeEach
  void seed() {
    BerthConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", data().toString()));
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      Repository repo =
          s.repositories()
              .create(
                  new RegistryId(new AccountId("000000000000"), "us-east-1"),
                  RepositoryService.name("team/app"),
                  ImageTagMutability.MUTABLE,
                  false);
      BlobInfo cfg = upload(s, repo, "{}".getBytes(StandardCharsets.UTF_8));
      BlobInfo l = upload(s, repo, new byte[] {1, 2, 3, 4, 5});
      layer = l.digest();
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
              + "\"digest\":\""
              + cfg.digest()
              + "\",\"size\":2},\"layers\":[{\"mediaType\":"
              + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
              + layer
              + "\",\"size\":5}]}";
      s.manifests()
          .put(
              repo,
              new Reference.ByTag(new Tag("v1")),
              "application/vnd.oci.image.manifest.v1+json",
              manifest.getBytes(StandardCharsets.UTF_8));
      s.accounts()
          .organizations()
          .createAccount(dev.berth.organizations.NewAccount.of("member@example.com", "member"));
    } finally {
      s.meta().close();
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private static BlobInfo upload(Berth.Services s, Repository repo, byte[] b) {
    return s.uploads()
        .upload(
            repo, OWNER, Digest.sha256(Hashing.sha256().digest(b)), new ByteArrayInputStream(b));
  }

  private Path clusterConfig(String name) throws Exception {
    S3TestServer s3 = S3TestServer.get();
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        "version: 1\n"
            + "database-url: \""
            + PostgresServer.shared().newDatabase()
            + "\"\nblob-store: s3\n"
            + "s3-bucket: "
            + s3.newBucket()
            + "\ns3-prefix: berth\n"
            + "s3-endpoint: \""
            + s3.endpoint()
            + "\"\ns3-path-style: on\n"
            + "s3-access-key-id: "
            + S3TestServer.ACCESS_KEY
            + "\ns3-secret-access-key: "
            + S3TestServer.SECRET_KEY
            + "\nmaster-key-file: \""
            + dir.resolve(name + "-master.key")
            + "\"\n");
  }

  @Test
  void migrate_printsProgressAndASummary_andExitsZero() throws Exception {
    CliRun.Result r =
        CliRun.run(
            "migrate", "--data", data().toString(), "--to-config", clusterConfig("c").toString());

    System.out.print(r.out() + r.err());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("berth migrate: done in")
        .contains("blobs    2: 2 copied (7 B, every digest verified), 0 already there, 0 missing")
        .contains(
            "key      " + dir.resolve("c-master.key") + " (the old node's master key, copied");
    assertThat(r.err())
        .contains("berth migrate: table manifests 1/1 rows")
        .contains("berth migrate: table organizations 1/1 rows")
        .contains("berth migrate: table organization_accounts 2/2 rows")
        .contains("berth migrate: table create_account_statuses 1/1 rows")
        .contains("berth migrate: blobs 2/2, 7 B of 7 B");

    CliRun.Result again =
        CliRun.run(
            "migrate",
            "--data",
            data().toString(),
            "--to-config",
            dir.resolve("c.yaml").toString());
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out())
        .contains("(the target held a finished migration of this node; checked it)")
        .contains("0 copied")
        .contains("2 already there");
  }

  @Test
  void killedWhileCopyingBlobs_theNextRunResumes_andLeavesNoStagedBytes() throws Exception {
    BerthConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", data().toString()));
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    java.util.Random random = new java.util.Random(3);
    try {
      Repository repo =
          s.repositories()
              .get(
                  new RegistryId(new AccountId("000000000000"), "us-east-1"),
                  RepositoryService.name("team/app"));
      for (int i = 0; i < 6; i++) {
        byte[] b = new byte[6 << 20];
        random.nextBytes(b);
        upload(s, repo, b);
      }
    } finally {
      s.meta().close();
    }
    Path target = clusterConfig("c");
    Path log = dir.resolve("migrate.log");
    Process p =
        ServerProcess.launch(
            log,
            "migrate",
            "--data",
            data().toString(),
            "--to-config",
            target.toString(),
            "--progress-interval",
            "0s");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!(Files.exists(log) && Files.readString(log).contains("blobs 3/8"))) {
      assertThat(p.isAlive()).as(Files.exists(log) ? Files.readString(log) : "").isTrue();
      assertThat(System.nanoTime()).as("no progress").isLessThan(deadline);
      Thread.sleep(2);
    }
    p.destroyForcibly();
    p.waitFor();

    CliRun.Result r =
        CliRun.run("migrate", "--data", data().toString(), "--to-config", target.toString());
    System.out.print(r.out());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("(resumed an interrupted run)").contains("blobs    8: ");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+) already there, 0 missing").matcher(r.out());
    assertThat(m.find()).isTrue();
    assertThat(Long.parseLong(m.group(1))).isBetween(3L, 8L);
    BerthConfig cluster =
        ConfigLoader.load(
            Optional.of(target), Map.of(), Map.of("data", dir.resolve("cluster-data").toString()));
    Berth.Services t = Berth.services(cluster, Clock.systemUTC());
    try {
      assertThat(t.blobStore().stagingKeys()).isEmpty();
      assertThat(t.blobStore().digests()).hasSize(8);
    } finally {
      t.meta().close();
    }
  }

  @Test
  void aBlobMissingFromTheOldStore_isNamed_andTheExitCodeIsThree() throws Exception {
    Path file =
        data()
            .resolve("blobs")
            .resolve(layer.algorithm())
            .resolve(layer.hex().substring(0, 2))
            .resolve(layer.hex());
    Files.delete(file);

    CliRun.Result r =
        CliRun.run(
            "migrate", "--data", data().toString(), "--to-config", clusterConfig("c").toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("finished with problems").contains("missing  " + layer);
  }

  @Test
  void aTargetThatIsNotPostgres_isRefusedInOneLine() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("sqlite.yaml"),
            "version: 1\ndatabase-url: \"jdbc:sqlite:" + dir.resolve("other.db") + "\"\n");
    CliRun.Result r =
        CliRun.run("migrate", "--data", data().toString(), "--to-config", config.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("berth: migrate: the target's database-url must be a jdbc:postgresql: URL")
        .doesNotContain("\n");
  }

  @Test
  void help_namesTheTargetOption() {
    CliRun.Result r = CliRun.run("migrate", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--to-config=FILE");
  }
}
