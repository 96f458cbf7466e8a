package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaults_matchTheProductContract() {
    BerthConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(5000);
    assertThat(c.storage().data()).isEqualTo(Path.of("data").toAbsolutePath());
    assertThat(c.storage().databaseUrl()).endsWith("/data/berth.db").startsWith("jdbc:sqlite:");
    assertThat(c.registry().region()).isEqualTo("us-east-1");
    assertThat(c.registry().defaultAccount().value()).isEqualTo("000000000000");
    assertThat(c.bootstrap().rootAccessKeyId()).isEmpty();
  }

  @Test
  void fileThenEnvironmentThenOverrides() throws Exception {
    Path file = dir.resolve("berth.yaml");
    Files.writeString(
        file, "version: 1\nlisten: 0.0.0.0:6000\nregion: eu-west-1\naccount-id: '111111111111'\n");
    BerthConfig c =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("BERTH_REGION", "eu-central-1", "BERTH_UPLOAD_EXPIRY", "2h", "OTHER", "x"),
            Map.of("listen", "127.0.0.1:7000"));
    assertThat(c.server().port()).isEqualTo(7000);
    assertThat(c.registry().region()).isEqualTo("eu-central-1");
    assertThat(c.registry().defaultAccount().value()).isEqualTo("111111111111");
    assertThat(c.storage().uploadExpiry()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void replicationRemotes_areReadFromTheirFile_andValidated() throws Exception {
    String entry =
        """
        remotes:
          - registry-id: "333333333333"
            region: %s
            endpoint: https://dr.example.com:8443/
            access-key-id: AKIAIOSFODNN7EXAMPLE
            secret-access-key: s3cr3t-s3cr3t-s3cr3t
        %s""";
    Path good = Files.writeString(dir.resolve("good.yaml"), entry.formatted("us-west-2", ""));
    BerthConfig.RemoteRegistry r =
        ConfigLoader.load(
                Optional.empty(), Map.of(), Map.of("replication-remotes-file", good.toString()))
            .replication()
            .remotes()
            .get(0);
    assertThat(r.registryId().value()).isEqualTo("333333333333");
    assertThat(r.endpoint()).hasToString("https://dr.example.com:8443");
    assertThat(r.registryUrl()).isEmpty();
    assertThat(r.toString()).doesNotContain("s3cr3t");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).replication().remotes())
        .isEmpty();
    for (String[] bad :
        new String[][] {
          {"us-east-1", "", "is served by this deployment"},
          {"us-west-2", "    colour: blue\n", "unknown field 'colour'"},
          {"nowhere", "", "region: expected a region name"},
        }) {
      Path file = Files.writeString(dir.resolve("bad.yaml"), entry.formatted(bad[0], bad[1]));
      assertThatThrownBy(
              () ->
                  ConfigLoader.load(
                      Optional.empty(),
                      Map.of(),
                      Map.of("replication-remotes-file", file.toString())))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("replication-remotes-file: ")
          .hasMessageContaining(bad[2]);
    }
  }

  @Test
  void badValues_failWithOneLineNamingTheKey() {
    assertThatThrownBy(() -> load("listen", "nope"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("listen:")
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> load("listen", "127.0.0.1:70000")).hasMessageStartingWith("listen:");
    assertThatThrownBy(() -> load("account-id", "12")).hasMessageStartingWith("account-id:");
    assertThatThrownBy(() -> load("region", "Mars")).hasMessageStartingWith("region:");
    assertThatThrownBy(() -> load("upload-expiry", "soon"))
        .hasMessageStartingWith("upload-expiry:");
    assertThatThrownBy(() -> load("database-url", "jdbc:mysql://x"))
        .hasMessageStartingWith("database-url:");
    assertThatThrownBy(() -> load("root-access-key-id", "AKIAEXAMPLEEXAMPLE"))
        .hasMessageContaining("must be set together");
    assertThatThrownBy(() -> load("colour", "blue")).hasMessageStartingWith("colour:");
  }

  /** Issue 11: where clients reach the registry; a set domain means DNS for its names. */
  @Test
  void endpointAndDomain_defaultToTheClientsAddress_andValidate() {
    BerthConfig.RegistryConfig d =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).registry();
    assertThat(d.domain()).isEqualTo("localhost");
    assertThat(d.domainSet()).isFalse();
    assertThat(d.endpoint()).isEmpty();
    assertThat(load("domain", "localhost").registry().domainSet()).isTrue();
    assertThat(load("endpoint", "Registry.Example.com").registry().endpoint())
        .contains("registry.example.com");
    assertThat(load("endpoint", "10.0.0.5:5000").registry().endpoint()).contains("10.0.0.5:5000");
    assertThat(load("endpoint", "[::1]:5000").registry().endpoint()).contains("[::1]:5000");
    assertThat(load("endpoint", "[fd00::5]").registry().endpoint()).contains("[fd00::5]");
    for (String bad :
        new String[] {"http://x", "x:0", "x:65536", "::1", "x/y", "", "x:", "-x", "[::1"}) {
      assertThatThrownBy(() -> load("endpoint", bad))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("endpoint:");
    }
  }

  /** Issue 14: the public host and ECR Public's pull quotas default, validate, differ. */
  @Test
  void publicRegistry_defaultsToPublicEcrUnderTheDomain_andRefusesNonsense() {
    BerthConfig.PublicConfig d = load("domain", "example.com").publicRegistry();
    assertThat(d.host()).isEqualTo("public.ecr.example.com");
    assertThat(d.anonymousPullRate()).isEqualTo(1.0);
    assertThat(d.authenticatedPullRate()).isEqualTo(10.0);
    assertThat(d.pullBurst()).isEqualTo(10);
    assertThat(load("public-anonymous-pull-rate", "0.5").publicRegistry().anonymousPullRate())
        .isEqualTo(0.5);
    assertThat(load("public-host", "Pub.Example.com:8443").publicRegistry().host())
        .isEqualTo("pub.example.com:8443");
    assertThatThrownBy(
            () -> load(Map.of("endpoint", "reg.example.com", "public-host", "reg.example.com")))
        .hasMessageStartingWith("public-host: must differ from endpoint");
    for (String bad : new String[] {"0", "-1", "x", "1e3", ""}) {
      assertThatThrownBy(() -> load("public-authenticated-pull-rate", bad))
          .as(bad)
          .hasMessageStartingWith("public-authenticated-pull-rate:");
    }
    assertThatThrownBy(() -> load("public-pull-burst", "0"))
        .hasMessageStartingWith("public-pull-burst:");
    assertThatThrownBy(() -> load("public-host", "http://x"))
        .hasMessageStartingWith("public-host:");
  }

  /** Issue 9, items 6 and 9: the limits have defaults, take sizes with units, refuse nonsense. */
  @Test
  void limits_defaultsUnitsAndBadValues() {
    BerthConfig.LimitsConfig d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).limits();
    assertThat(d.preauthBodyBytes()).isEqualTo(64L << 20);
    assertThat(d.preauthBodyBytesPerAddress()).isEqualTo(32L << 20);
    assertThat(d.uploadsPerRepository()).isEqualTo(1000);
    assertThat(d.uploadsPerPrincipal()).isEqualTo(1000);
    assertThat(load("preauth-body-bytes", "128MiB").limits().preauthBodyBytes())
        .isEqualTo(128L << 20);
    assertThat(load("preauth-body-bytes-per-address", "4096").limits().preauthBodyBytesPerAddress())
        .isEqualTo(4096);
    assertThat(load("uploads-per-principal", "7").limits().uploadsPerPrincipal()).isEqualTo(7);
    assertThatThrownBy(() -> load("preauth-body-bytes", "lots"))
        .hasMessageStartingWith("preauth-body-bytes:");
    assertThatThrownBy(() -> load("preauth-body-bytes-per-address", "0"))
        .hasMessageStartingWith("preauth-body-bytes-per-address:");
    assertThatThrownBy(() -> load("uploads-per-repository", "-1"))
        .hasMessageStartingWith("uploads-per-repository:");
  }

  /** Issue 10: the archive tier defaults under the data directory and may live elsewhere. */
  @Test
  void archiveDir_defaultsUnderDataAndMustStayApartFromTheBlobs() {
    BerthConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", "/srv/berth"));
    assertThat(archiveDir(c)).isEqualTo(Path.of("/srv/berth/archive"));
    assertThat(archiveDir(load("archive-dir", "/mnt/cold/berth")))
        .isEqualTo(Path.of("/mnt/cold/berth"));
    assertThat(
            archiveDir(
                ConfigLoader.load(
                    Optional.empty(), Map.of("BERTH_ARCHIVE_DIR", "/mnt/env"), Map.of())))
        .isEqualTo(Path.of("/mnt/env"));
    for (String bad : new String[] {"/srv/berth", "/srv/berth/blobs/x", "/srv", " "}) {
      assertThatThrownBy(
              () ->
                  ConfigLoader.load(
                      Optional.empty(), Map.of(), Map.of("data", "/srv/berth", "archive-dir", bad)))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("archive-dir:");
    }
  }

  /** Issue 10: the collector's schedule and grace period; 0 or off disables the schedule. */
  @Test
  void gc_defaultsOffAndZero() {
    BerthConfig.GcConfig d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).gc();
    assertThat(d.interval()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(d.gracePeriod()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(d.scheduled()).isTrue();
    assertThat(load("gc-interval", "off").gc().scheduled()).isFalse();
    assertThat(load("gc-interval", "0").gc().scheduled()).isFalse();
    assertThat(load("gc-interval", "15m").gc().interval())
        .isEqualTo(java.time.Duration.ofMinutes(15));
    assertThat(load("gc-grace-period", "0").gc().gracePeriod()).isZero();
    assertThat(load("gc-grace-period", "PT90S").gc().gracePeriod())
        .isEqualTo(java.time.Duration.ofSeconds(90));
    assertThatThrownBy(() -> load("gc-grace-period", "soon"))
        .hasMessageStartingWith("gc-grace-period:");
    assertThatThrownBy(() -> load("gc-interval", "-1h")).hasMessageStartingWith("gc-interval:");
  }

  @Test
  void unknownFileKeys_andBadYaml_areErrors() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "lsten: 1.2.3.4:5\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lsten: unknown configuration key");
    Files.writeString(file, "listen: [1, 2\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class);
    Files.writeString(file, "version: 9\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .hasMessageStartingWith("version:");
  }

  private static BerthConfig load(String key, String value) {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of(key, value));
  }

  /** Issue 10: how often lifecycle policies run. */
  @Test
  void lifecycleInterval_defaultsToAnHour_takesDurations_refusesNonsense() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).lifecycle().interval())
        .isEqualTo(java.time.Duration.ofHours(1));
    assertThat(load("lifecycle-interval", "30m").lifecycle().interval())
        .isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(
            ConfigLoader.load(
                    Optional.empty(), Map.of("BERTH_LIFECYCLE_INTERVAL", "PT24H"), Map.of())
                .lifecycle()
                .interval())
        .isEqualTo(java.time.Duration.ofHours(24));
    assertThatThrownBy(() -> load("lifecycle-interval", "often"))
        .hasMessageStartingWith("lifecycle-interval:");
    assertThatThrownBy(() -> load("lifecycle-interval", "0s"))
        .hasMessageStartingWith("lifecycle-interval:");
  }

  @Test
  void pullThroughRefreshInterval_defaultsTo24Hours_takesDurations_refusesNonsense() {
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).pullThrough().refreshInterval())
        .isEqualTo(java.time.Duration.ofHours(24));
    assertThat(load("pull-through-refresh-interval", "6h").pullThrough().refreshInterval())
        .isEqualTo(java.time.Duration.ofHours(6));
    assertThatThrownBy(() -> load("pull-through-refresh-interval", "daily"))
        .hasMessageStartingWith("pull-through-refresh-interval:");
    assertThatThrownBy(() -> load("pull-through-refresh-interval", "0s"))
        .hasMessageStartingWith("pull-through-refresh-interval:");
  }

  /** Issue 11: metrics, their token, the access log and the log level. */
  @Test
  void observe_defaultsToMetricsOnLoopbackAndATextLogOnStdout_andValidates() {
    BerthConfig.ObserveConfig d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).observe();
    assertThat(d.metrics()).isTrue();
    assertThat(d.metricsToken()).isEmpty();
    assertThat(d.accessLog().target()).isEqualTo(BerthConfig.AccessLogConfig.Target.STDOUT);
    assertThat(d.accessLog().format()).isEqualTo(BerthConfig.AccessLogConfig.Format.TEXT);
    assertThat(d.logLevel()).isEmpty();

    BerthConfig.ObserveConfig c =
        ConfigLoader.load(
                Optional.empty(),
                Map.of("BERTH_METRICS_TOKEN", "s3cret-token-0123456789"),
                Map.of(
                    "metrics", "off",
                    "access-log", "logs/access.log",
                    "access-log-format", "JSON",
                    "log-level", "debug"))
            .observe();
    assertThat(c.metrics()).isFalse();
    assertThat(c.metricsToken()).contains("s3cret-token-0123456789");
    assertThat(c.accessLog().target()).isEqualTo(BerthConfig.AccessLogConfig.Target.FILE);
    assertThat(c.accessLog().file()).contains(Path.of("logs/access.log").toAbsolutePath());
    assertThat(c.accessLog().format()).isEqualTo(BerthConfig.AccessLogConfig.Format.JSON);
    assertThat(c.logLevel()).contains("debug");
    assertThat(load("access-log", "off").observe().accessLog().target())
        .isEqualTo(BerthConfig.AccessLogConfig.Target.OFF);

    assertThatThrownBy(() -> load("metrics", "maybe")).hasMessageStartingWith("metrics:");
    assertThatThrownBy(() -> load("metrics-token", "short"))
        .hasMessageStartingWith("metrics-token:");
    assertThatThrownBy(() -> load("metrics-token", "has spaces in it, sixteen+"))
        .hasMessageStartingWith("metrics-token:");
    assertThatThrownBy(() -> load("access-log-format", "xml"))
        .hasMessageStartingWith("access-log-format:");
    assertThatThrownBy(() -> load("access-log", " ")).hasMessageStartingWith("access-log:");
    assertThatThrownBy(() -> load("log-level", "loud")).hasMessageStartingWith("log-level:");
  }

  private static Path archiveDir(BerthConfig c) {
    return ((BlobStoreConfig.Filesystem) c.storage().blobs()).archiveDir();
  }

  private static BerthConfig load(Map<String, String> overrides) {
    return ConfigLoader.load(Optional.empty(), Map.of(), overrides);
  }

  /** Issue 12: the backends are typed, validated, and default to SQLite and files. */
  @Test
  void backends_defaultToSqliteAndFiles_andPostgresAndS3AreTyped() {
    BerthConfig d = load(Map.of("data", "/srv/berth"));
    assertThat(d.storage().database().kind()).isEqualTo(DatabaseConfig.Kind.SQLITE);
    assertThat(d.storage().database().poolSize()).isEqualTo(10);
    assertThat(d.storage().blobs())
        .isEqualTo(
            new BlobStoreConfig.Filesystem(Path.of("/srv/berth"), Path.of("/srv/berth/archive")));
    assertThat(d.storage().blobRedirect()).isTrue();
    assertThat(d.storage().masterKey()).isEqualTo(Path.of("/srv/berth/master.key"));

    BerthConfig c =
        load(
            Map.of(
                "database-url", "jdbc:postgresql://db:5432/berth?user=b&password=secret",
                "database-pool-size", "32",
                "blob-store", "s3",
                "s3-bucket", "images.example",
                "s3-prefix", "berth",
                "s3-endpoint", "http://127.0.0.1:9000",
                "s3-path-style", "on",
                "s3-access-key-id", "AKID",
                "s3-secret-access-key", "SECRET",
                "master-key-file", "/etc/berth/master.key"));
    assertThat(c.storage().database().kind()).isEqualTo(DatabaseConfig.Kind.POSTGRESQL);
    assertThat(c.storage().database().poolSize()).isEqualTo(32);
    assertThat(c.storage().database().toString()).doesNotContain("secret");
    BlobStoreConfig.S3 s3 = (BlobStoreConfig.S3) c.storage().blobs();
    assertThat(s3.bucket()).isEqualTo("images.example");
    assertThat(s3.prefix()).isEqualTo("berth/");
    assertThat(s3.region()).isEqualTo("us-east-1");
    assertThat(s3.endpoint()).contains(java.net.URI.create("http://127.0.0.1:9000"));
    assertThat(s3.pathStyle()).isTrue();
    assertThat(s3.credentials()).contains(new BlobStoreConfig.Credentials("AKID", "SECRET"));
    assertThat(s3.toString()).doesNotContain("SECRET");
    assertThat(s3.partSize()).isEqualTo(8L << 20);
    assertThat(load(Map.of("blob-redirect", "off")).storage().blobRedirect()).isFalse();
    assertThat(c.storage().masterKey()).isEqualTo(Path.of("/etc/berth/master.key"));
  }

  @Test
  void backends_badValuesAreRefusedByKey_withoutShowingSecrets() {
    assertThatThrownBy(() -> load(Map.of("database-url", "jdbc:mysql://u:pw@h/db")))
        .hasMessageStartingWith("database-url:")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> load(Map.of("database-pool-size", "0")))
        .hasMessageStartingWith("database-pool-size:");
    assertThatThrownBy(() -> load(Map.of("blob-store", "ftp")))
        .hasMessageStartingWith("blob-store:");
    assertThatThrownBy(() -> load(Map.of("blob-store", "s3")))
        .hasMessageStartingWith("s3-bucket: required");
    assertThatThrownBy(() -> load(Map.of("blob-store", "s3", "s3-bucket", "Bad_Bucket")))
        .hasMessageStartingWith("s3-bucket:");
    assertThatThrownBy(() -> load(Map.of("s3-bucket", "images")))
        .hasMessageStartingWith("s3-bucket: only with blob-store: s3");
    assertThatThrownBy(
            () -> load(Map.of("blob-store", "s3", "s3-bucket", "images", "archive-dir", "/a")))
        .hasMessageStartingWith("archive-dir: only with blob-store: filesystem");
    assertThatThrownBy(
            () -> load(Map.of("blob-store", "s3", "s3-bucket", "images", "s3-part-size", "1MiB")))
        .hasMessageStartingWith("s3-part-size:");
    assertThatThrownBy(
            () -> load(Map.of("blob-store", "s3", "s3-bucket", "images", "s3-endpoint", "ftp://x")))
        .hasMessageStartingWith("s3-endpoint:");
    assertThatThrownBy(
            () -> load(Map.of("blob-store", "s3", "s3-bucket", "images", "s3-access-key-id", "A")))
        .hasMessageStartingWith("s3-access-key-id:");
    assertThatThrownBy(() -> load(Map.of("blob-redirect", "maybe")))
        .hasMessageStartingWith("blob-redirect:");
  }
}
