package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataStoreTest extends MetadataStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
  }

  @Test
  void reopening_keepsDataAndSkipsAppliedMigrations() {
    repo("team/app");
    meta.close();
    meta = newStore();
    assertThat(meta.repositories().find(REGISTRY, new dev.berth.model.RepositoryName("team/app")))
        .isPresent();
  }

  /**
   * Issue 9, item 7: referrers stored before migration V4 keep their annotations in the referrers
   * index, read once from their bodies by the migration.
   */
  @Test
  void migrationV4_backfillsAnnotationsOfStoredReferrers() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    org.flywaydb.core.Flyway.configure()
        .dataSource(url, "", "")
        .locations("classpath:db/migration/sqlite")
        .target("3")
        .load()
        .migrate();
    String subject = "sha256:" + "a".repeat(64);
    String withAnnotations = "sha256:" + "b".repeat(64);
    String without = "sha256:" + "c".repeat(64);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
        java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO accounts (id, created_at) VALUES ('000000000000', 0)");
      st.execute(
          "INSERT INTO repositories (id, account_id, name, created_at, tag_mutability,"
              + " scan_on_push) VALUES ('r1', '000000000000', 'team/app', 0, 'MUTABLE', 0)");
      insertOldManifest(
          c,
          withAnnotations,
          subject,
          "{\"schemaVersion\":2,\"annotations\":{\"k\":\"v\",\"a\":\"b\"}}");
      insertOldManifest(c, without, subject, "{\"schemaVersion\":2}");
    }
    try (MetadataStore old = JdbcMetadata.open(url)) {
      dev.berth.model.Page<dev.berth.model.Descriptor> page =
          old.images()
              .referrers(
                  "r1",
                  dev.berth.model.Digest.of(subject),
                  new dev.berth.model.ReferrerQuery(
                      java.util.Optional.empty(), java.util.Optional.empty(), 10, 1000));
      assertThat(page.items()).hasSize(2);
      assertThat(page.items().get(0).digest().toString()).isEqualTo(withAnnotations);
      assertThat(page.items().get(0).annotations()).isEqualTo(java.util.Map.of("k", "v", "a", "b"));
      assertThat(page.items().get(0).artifactType()).contains("application/example");
      assertThat(page.items().get(1).annotations()).isEmpty();
    }
  }

  private static void insertOldManifest(
      java.sql.Connection c, String digest, String subject, String body) throws Exception {
    try (java.sql.PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO manifests (repository_id, digest, media_type, artifact_type,"
                + " subject_digest, size, content, pushed_at) VALUES ('r1', ?,"
                + " 'application/vnd.oci.image.manifest.v1+json', 'application/example', ?, ?, ?,"
                + " 0)")) {
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ps.setString(1, digest);
      ps.setString(2, subject);
      ps.setLong(3, bytes.length);
      ps.setBytes(4, bytes);
      ps.executeUpdate();
    }
  }
}
