package dev.berth.meta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.Tag;
import dev.berth.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a database from before regions (schema version 12) migrates in place. Its repositories,
 * with their images, tags and blob links, its registry policy and its pull-time exclusions all move
 * to the configured region, and nothing referring to them is lost (SQLite rebuilds the tables those
 * rows live in).
 */
class RegionMigrationTest {
  private static final AccountId ACCOUNT = new AccountId("000000000000");
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final Digest D = Digest.parse(DIGEST).orElseThrow();
  private static final Tag V1 = new Tag("v1");

  @TempDir Path dir;

  @Test
  void sqlite_movesEverythingToTheHomeRegion() throws SQLException {
    check("jdbc:sqlite:" + dir.resolve("berth.db"), "sqlite");
  }

  @Test
  void postgres_movesEverythingToTheHomeRegion() throws SQLException {
    check(PostgresServer.shared().newDatabase(), "postgresql");
  }

  private static void check(String url, String dialect) throws SQLException {
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/" + dialect)
        .target("12")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO accounts (id, created_at) VALUES ('000000000000', 1700000000000)");
      s.execute(
          "INSERT INTO repositories (id, account_id, name, created_at, tag_mutability,"
              + " scan_on_push, tag_mutability_exclusions) VALUES ('r1', '000000000000',"
              + " 'team/app', 1700000000001, 'IMMUTABLE_WITH_EXCLUSION', 1, 'dev-*')");
      s.execute("INSERT INTO blobs (digest, size, created_at) VALUES ('" + DIGEST + "', 3, 5)");
      s.execute(
          "INSERT INTO repository_blobs (repository_id, digest, linked_at) VALUES ('r1', '"
              + DIGEST
              + "', 5)");
      s.execute(
          "INSERT INTO manifests (repository_id, digest, media_type, size, content, pushed_at)"
              + " VALUES ('r1', '"
              + DIGEST
              + "', 'application/vnd.oci.image.manifest.v1+json', 3, X'7B7D0A', 5)"
                  .replace("X'7B7D0A'", dialect.equals("sqlite") ? "X'7B7D0A'" : "'\\x7b7d0a'"));
      s.execute(
          "INSERT INTO tags (repository_id, name, digest, updated_at) VALUES ('r1', 'v1', '"
              + DIGEST
              + "', 6)");
      s.execute(
          "INSERT INTO repository_policies (repository_id, document) VALUES ('r1', '{\"p\":1}')");
      s.execute(
          "INSERT INTO registry_policies (account_id, document) VALUES ('000000000000', '{\"r\":1}')");
      s.execute(
          "INSERT INTO pull_time_exclusions (account_id, principal_arn, created_at) VALUES ('000000000000',"
              + " 'arn:aws:iam::000000000000:role/scanner', 7)");
    }

    try (MetadataStore meta = JdbcMetadata.open(url, 2, null, "eu-west-1")) {
      RegistryId dublin = new RegistryId(ACCOUNT, "eu-west-1");
      Repository repo =
          meta.repositories().find(dublin, new RepositoryName("team/app")).orElseThrow();
      assertThat(repo.id()).isEqualTo("r1");
      assertThat(repo.arn()).isEqualTo("arn:aws:ecr:eu-west-1:000000000000:repository/team/app");
      assertThat(repo.settings().exclusionFilters()).containsExactly("dev-*");
      assertThat(
              meta.repositories()
                  .find(new RegistryId(ACCOUNT, "us-east-1"), new RepositoryName("team/app")))
          .isEmpty();
      assertThat(meta.images().findTag("r1", V1)).contains(D);
      assertThat(meta.resourcePolicies().repositoryPolicy("r1")).contains("{\"p\":1}");
      assertThat(meta.resourcePolicies().registryPolicy(dublin)).contains("{\"r\":1}");
      assertThat(meta.pullTimeExclusions().count(dublin)).isEqualTo(1);
      assertThat(meta.blobs().linkedSize("r1", D)).contains(3L);

      // Foreign keys hold again: deleting the repository takes its rows with it.
      assertThat(meta.repositories().delete("r1")).isTrue();
      assertThat(meta.images().findTag("r1", V1)).isEmpty();
      assertThat(meta.repositories().find(dublin, new RepositoryName("team/app")))
          .isEqualTo(Optional.empty());
    }
  }
}
