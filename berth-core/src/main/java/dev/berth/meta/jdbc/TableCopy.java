package dev.berth.meta.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Copies the rows of one table from the SQLite database of a single node into PostgreSQL: the
 * column list from the target's metadata (the source must have the same columns), values bound by
 * the target column's type, batches committed one at a time. Idempotent: a row whose key the target
 * already holds is left alone ({@code ON CONFLICT DO NOTHING}), or overwritten for a table the plan
 * marks {@link Mode#REPLACE}, so a run after an interrupted one finishes the table without
 * duplicating it. Identity columns are copied as they are ({@code OVERRIDING SYSTEM VALUE}) and
 * their sequence moved past the largest value.
 */
final class TableCopy {
  /** What to do with a row whose key the target already holds. */
  enum Mode {
    /** Keep the target's row (every table but the seeded single-row ones). */
    KEEP,
    /** Overwrite it with the source's (single rows the target's migrations seed). */
    REPLACE
  }

  /** Rows in one batch, committed together. */
  static final int BATCH = 500;

  private final Connection source;
  private final Connection target;
  private final String table;
  private final Mode mode;
  private final int batch;

  TableCopy(Connection source, Connection target, String table, Mode mode, int batch) {
    this.source = source;
    this.target = target;
    this.table = table;
    this.mode = mode;
    this.batch = batch;
  }

  /** Called after each committed batch with the rows read so far and the source's total. */
  interface Progress {
    void rows(long done, long total);
  }

  /**
   * The outcome of one table.
   *
   * @param sourceRows rows of the source table
   * @param inserted rows this run wrote
   * @param targetRows rows of the target table afterwards
   */
  record Counts(long sourceRows, long inserted, long targetRows) {}

  Counts run(Progress progress) throws SQLException {
    Map<String, Integer> columns = targetColumns();
    Set<String> sourceColumns = sourceColumns();
    if (!sourceColumns.equals(new TreeSet<>(columns.keySet()))) {
      throw new IllegalStateException(
          "table "
              + table
              + " has columns "
              + sourceColumns
              + " in the source and "
              + new TreeSet<>(columns.keySet())
              + " in the target");
    }
    List<String> names = new ArrayList<>(columns.keySet());
    int[] types = columns.values().stream().mapToInt(Integer::intValue).toArray();
    List<String> identity = identityColumns();
    long total = count(source);
    String list = String.join(", ", names);
    String insert =
        "INSERT INTO "
            + table
            + " AS t ("
            + list
            + ")"
            + (alwaysIdentity() ? " OVERRIDING SYSTEM VALUE" : "")
            + " VALUES ("
            + String.join(", ", names.stream().map(n -> "?").toList())
            + ") "
            + conflict(names);
    long done = 0;
    long inserted = 0;
    target.setAutoCommit(false);
    try (Statement read = source.createStatement();
        PreparedStatement write = target.prepareStatement(insert)) {
      read.setFetchSize(batch);
      try (ResultSet rs = read.executeQuery("SELECT " + list + " FROM " + table)) {
        int pending = 0;
        while (rs.next()) {
          for (int i = 0; i < names.size(); i++) {
            bind(write, i + 1, types[i], rs.getObject(i + 1));
          }
          write.addBatch();
          done++;
          if (++pending == batch) {
            inserted += flush(write);
            pending = 0;
            progress.rows(done, total);
          }
        }
        if (pending > 0) {
          inserted += flush(write);
        }
      }
      for (String column : identity) {
        try (Statement s = target.createStatement()) {
          s.execute(
              "SELECT setval(pg_get_serial_sequence('"
                  + table
                  + "', '"
                  + column
                  + "'), m) FROM (SELECT max("
                  + column
                  + ") AS m FROM "
                  + table
                  + ") t WHERE m IS NOT NULL");
        }
      }
      target.commit();
    } catch (SQLException | RuntimeException e) {
      target.rollback();
      throw e;
    } finally {
      target.setAutoCommit(true);
    }
    progress.rows(done, total);
    return new Counts(total, inserted, count(target));
  }

  private long flush(PreparedStatement write) throws SQLException {
    long n = 0;
    for (int c : write.executeBatch()) {
      n += c == Statement.SUCCESS_NO_INFO ? 1 : c;
    }
    target.commit();
    return n;
  }

  private String conflict(List<String> names) throws SQLException {
    if (mode == Mode.KEEP) {
      return "ON CONFLICT DO NOTHING";
    }
    List<String> key = primaryKey();
    List<String> set =
        names.stream().filter(n -> !key.contains(n)).map(n -> n + " = EXCLUDED." + n).toList();
    List<String> rest = names.stream().filter(n -> !key.contains(n)).toList();
    // Only a row that differs is written, so a run with nothing new reports nothing written.
    return "ON CONFLICT ("
        + String.join(", ", key)
        + ") DO UPDATE SET "
        + String.join(", ", set)
        + " WHERE ("
        + String.join(", ", rest.stream().map(n -> "t." + n).toList())
        + ") IS DISTINCT FROM ("
        + String.join(", ", rest.stream().map(n -> "EXCLUDED." + n).toList())
        + ")";
  }

  /** Binds a SQLite value as the PostgreSQL column's type. */
  static void bind(PreparedStatement ps, int index, int sqlType, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, sqlType);
      return;
    }
    switch (sqlType) {
      case Types.BIGINT -> ps.setLong(index, number(value).longValue());
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT ->
          ps.setInt(index, Math.toIntExact(number(value).longValue()));
      case Types.BOOLEAN, Types.BIT -> ps.setBoolean(index, number(value).longValue() != 0);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
          ps.setBytes(
              index,
              value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8));
      case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.CLOB ->
          ps.setString(
              index,
              value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value.toString());
      default -> ps.setObject(index, value);
    }
  }

  /** SQLite hands integers back as Integer or Long; text holding a number is parsed. */
  private static Number number(Object value) {
    if (value instanceof Number n) {
      return n;
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return Long.parseLong(value.toString().strip());
  }

  private long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The target's columns, in its order, with their JDBC types. */
  private Map<String, Integer> targetColumns() throws SQLException {
    Map<String, Integer> out = new LinkedHashMap<>();
    DatabaseMetaData md = target.getMetaData();
    try (ResultSet rs = md.getColumns(null, target.getSchema(), table, null)) {
      while (rs.next()) {
        out.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getInt("DATA_TYPE"));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("table " + table + " is not in the target database");
    }
    return out;
  }

  private Set<String> sourceColumns() throws SQLException {
    Set<String> out = new TreeSet<>();
    try (Statement s = source.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        out.add(rs.getString("name").toLowerCase(Locale.ROOT));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("table " + table + " is not in the source database");
    }
    return out;
  }

  private List<String> primaryKey() throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = target.getMetaData().getPrimaryKeys(null, target.getSchema(), table)) {
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME"));
      }
    }
    return out;
  }

  private List<String> identityColumns() throws SQLException {
    return strings(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            + " AND table_name = ? AND is_identity = 'YES'");
  }

  private boolean alwaysIdentity() throws SQLException {
    return !strings(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                + " current_schema() AND table_name = ? AND is_identity = 'YES' AND"
                + " identity_generation = 'ALWAYS'")
        .isEmpty();
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = target.prepareStatement(sql)) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
