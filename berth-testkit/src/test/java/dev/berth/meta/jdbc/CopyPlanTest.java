package dev.berth.meta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the copy plan of {@code berth migrate} names every table of the schema, copied or
 * skipped with a reason, so a migration adding a table fails here until the plan says what becomes
 * of it; and both dialects' tables have the same columns, which the copier relies on.
 */
class CopyPlanTest {
  @TempDir Path dir;

  @Test
  void everyTableOfTheSchema_isCopiedOrSkipped_onBothDialects() throws SQLException {
    Set<String> planned =
        Stream.concat(
                CopyPlan.STEPS.stream().map(CopyPlan.Step::table),
                CopyPlan.SKIPPED.keySet().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(CopyPlan.STEPS.stream().map(CopyPlan.Step::table).distinct())
        .hasSameSizeAs(CopyPlan.STEPS);
    assertThat(columns(sqlite()).keySet()).isEqualTo(planned);
    assertThat(columns(postgres()).keySet()).isEqualTo(planned);
  }

  @Test
  void bothDialects_haveTheSameColumnsInEveryTable() throws SQLException {
    assertThat(columns(sqlite())).isEqualTo(columns(postgres()));
  }

  @Test
  void copyOrder_putsEveryTableAfterTheTablesItReferences() throws SQLException {
    try (Connection c = DriverManager.getConnection(postgres())) {
      java.util.List<String> order = CopyPlan.STEPS.stream().map(CopyPlan.Step::table).toList();
      for (String table : order) {
        try (ResultSet rs = c.getMetaData().getImportedKeys(null, c.getSchema(), table)) {
          while (rs.next()) {
            String parent = rs.getString("PKTABLE_NAME");
            assertThat(order.indexOf(parent))
                .as(table + " references " + parent)
                .isBetween(0, order.indexOf(table));
          }
        }
      }
    }
  }

  private String sqlite() {
    String url = "jdbc:sqlite:" + dir.resolve("berth.db");
    migrated(url);
    return url;
  }

  private static String postgres() {
    String url = PostgresServer.shared().newDatabase();
    migrated(url);
    return url;
  }

  private static void migrated(String url) {
    JdbcDatabase db = new JdbcDatabase(Dialect.forUrl(url, 2, null));
    try {
      db.migrate("us-east-1");
    } finally {
      db.close();
    }
  }

  /** Table name to its column names, without SQLite's internal tables. */
  private static Map<String, Set<String>> columns(String url) throws SQLException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs =
            c.getMetaData()
                .getColumns(
                    null, url.startsWith("jdbc:postgresql:") ? c.getSchema() : null, "%", "%")) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
        if (table.startsWith("sqlite_")) {
          continue;
        }
        out.computeIfAbsent(table, t -> new TreeSet<>())
            .add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }
}
