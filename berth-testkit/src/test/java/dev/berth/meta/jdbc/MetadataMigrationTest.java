package dev.berth.meta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the metadata half of {@code berth migrate}: values of every kind arrive as they were
 * (bytes, integers, identity columns with their sequence moved on), an interrupted copy resumes
 * without duplicating, and sources and targets that are not fit are refused with a message.
 */
class MetadataMigrationTest {
  @TempDir Path dir;

  private String source;
  private String target;

  @BeforeEach
  void seed() throws SQLException {
    source = "jdbc:sqlite:" + dir.resolve("berth.db");
    JdbcDatabase db = new JdbcDatabase(Dialect.forUrl(source, 1, null));
    db.migrate("us-east-1");
    db.close();
    try (Connection c = DriverManager.getConnection(source);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO accounts VALUES ('000000000000', 1700000000000)");
      for (int i = 0; i < 7; i++) {
        s.execute(
            "INSERT INTO repositories (id, account_id, region, name, created_at, tag_mutability,"
                + " scan_on_push) VALUES ('r"
                + i
                + "', '000000000000', 'us-east-1', 'team/app"
                + i
                + "', 1700000000001, 'MUTABLE', 1)");
      }
      s.execute(
          "INSERT INTO access_keys VALUES ('AKIA1', '000000000000', 'user/ci', X'00FF10', 1,"
              + " 1700000000002)");
      s.execute(
          "INSERT INTO manifests (repository_id, digest, media_type, size, content, pushed_at)"
              + " VALUES ('r0', 'sha256:"
              + "a".repeat(64)
              + "', 'm', 3, X'7B7D0A', 5)");
      for (int i = 0; i < 3; i++) {
        s.execute(
            "INSERT INTO browser_sessions (key_hash, account_id, principal_arn, principal_name,"
                + " access_key_id, principal_type, source_arn, csrf, created_at, expires_at)"
                + " VALUES ('k"
                + i
                + "', '000000000000', 'arn', 'n', 'AKIA1', 'USER', 'arn',"
                + " 'c', 1, 2)");
      }
      s.execute("UPDATE gc_state SET last_blobs_removed = 42, last_dry_run = 0");
    }
    target = PostgresServer.shared().newDatabase();
  }

  @Test
  void copy_bringsEveryRowWithItsValues_andMovesTheIdentityOn() throws SQLException {
    List<MetadataMigration.TableResult> tables;
    try (MetadataMigration m = MetadataMigration.open(source, target)) {
      assertThat(m.resumed()).isFalse();
      tables = m.copyTables((t, d, n) -> {});
      m.finish();
    }
    assertThat(tables).allMatch(MetadataMigration.TableResult::complete);
    assertThat(tables.stream().mapToLong(MetadataMigration.TableResult::inserted).sum())
        .isEqualTo(1 + 7 + 1 + 1 + 3 + 1);
    try (Connection c = DriverManager.getConnection(target);
        Statement s = c.createStatement()) {
      assertThat(one(s, "SELECT secret_ciphertext FROM access_keys"))
          .isEqualTo(new byte[] {0, -1, 16});
      assertThat(one(s, "SELECT content FROM manifests"))
          .isEqualTo("{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(one(s, "SELECT count(*) FROM repositories WHERE scan_on_push = 1")).isEqualTo(7L);
      assertThat(one(s, "SELECT last_blobs_removed FROM gc_state")).isEqualTo(42L);
      s.execute(
          "INSERT INTO browser_sessions (key_hash, account_id, principal_arn, principal_name,"
              + " access_key_id, principal_type, source_arn, csrf, created_at, expires_at)"
              + " VALUES ('new', '000000000000', 'arn', 'n', 'AKIA1', 'USER', 'arn', 'c', 1, 2)");
      assertThat(one(s, "SELECT seq FROM browser_sessions WHERE key_hash = 'new'")).isEqualTo(4L);
    }
  }

  @Test
  void interruptedCopy_resumes_withoutDuplicates() throws SQLException {
    List<String> seen = new ArrayList<>();
    try (MetadataMigration m = MetadataMigration.open(source, target)) {
      assertThatThrownBy(
              () ->
                  m.copyTables(
                      (t, d, n) -> {
                        seen.add(t + " " + d);
                        if (t.equals("repositories") && d == 4) {
                          throw new IllegalStateException("interrupted");
                        }
                      },
                      2))
          .hasMessage("interrupted");
    }
    assertThat(seen).contains("repositories 2", "repositories 4");
    try (Connection c = DriverManager.getConnection(target);
        Statement s = c.createStatement()) {
      assertThat(one(s, "SELECT count(*) FROM repositories")).isEqualTo(4L);
    }
    try (MetadataMigration m = MetadataMigration.open(source, target)) {
      assertThat(m.resumed()).isTrue();
      List<MetadataMigration.TableResult> tables = m.copyTables((t, d, n) -> {}, 2);
      assertThat(tables).allMatch(MetadataMigration.TableResult::complete);
      MetadataMigration.TableResult repos =
          tables.stream().filter(t -> t.table().equals("repositories")).findFirst().orElseThrow();
      assertThat(repos.inserted()).isEqualTo(3);
      assertThat(repos.targetRows()).isEqualTo(7);
    }
  }

  @Test
  void targetWithOtherData_isRefused() throws SQLException {
    JdbcDatabase db = new JdbcDatabase(Dialect.forUrl(target, 2, null));
    db.migrate("us-east-1");
    db.close();
    try (Connection c = DriverManager.getConnection(target);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO accounts VALUES ('111111111111', 1)");
    }
    assertThatThrownBy(() -> MetadataMigration.open(source, target))
        .isInstanceOf(MigrationRefusedException.class)
        .hasMessageContaining("1 rows in accounts")
        .hasMessageContaining("empty database");
  }

  @Test
  void targetOfAnotherSourcesMigration_isRefused() throws SQLException {
    try (MetadataMigration m = MetadataMigration.open(source, target)) {
      m.copyTables((t, d, n) -> {});
    }
    try (Connection c = DriverManager.getConnection(source);
        Statement s = c.createStatement()) {
      s.execute("UPDATE accounts SET created_at = 1");
    }
    assertThatThrownBy(() -> MetadataMigration.open(source, target))
        .isInstanceOf(MigrationRefusedException.class)
        .hasMessageContaining("from another node");
  }

  @Test
  void sourceAtAnOlderSchemaVersion_isRefused_andNotMigrated() throws Exception {
    Path old = dir.resolve("old.db");
    String url = "jdbc:sqlite:" + old;
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration/sqlite")
        .target("10")
        .load()
        .migrate();
    byte[] before = Files.readAllBytes(old);
    assertThatThrownBy(() -> MetadataMigration.open(url, target))
        .isInstanceOf(MigrationRefusedException.class)
        .hasMessageContaining("is at schema version 10, this berth writes version ")
        .hasMessageContaining("start the old node once");
    assertThat(Files.readAllBytes(old)).isEqualTo(before);
  }

  @Test
  void sourceWithAWriteAheadLog_isRefused() throws Exception {
    Files.write(dir.resolve("berth.db-wal"), new byte[] {1});
    assertThatThrownBy(() -> MetadataMigration.open(source, target))
        .isInstanceOf(MigrationRefusedException.class)
        .hasMessageContaining("is running or did not shut down cleanly");
  }

  @Test
  void sourceOnPostgres_isRefused() {
    assertThatThrownBy(() -> MetadataMigration.open(target, target))
        .isInstanceOf(MigrationRefusedException.class)
        .hasMessageContaining("nothing to migrate");
  }

  @Test
  void sourceWithTheIndexOfAWriteAheadLog_isRefused() throws Exception {
    Files.write(dir.resolve("berth.db-shm"), new byte[0]);
    assertThatThrownBy(() -> MetadataMigration.open(source, target))
        .isInstanceOf(MigrationRefusedException.class)
        .hasMessageContaining("berth.db-shm exists");
  }

  private static Object one(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }
}
