package dev.berth.meta.jdbc;

import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * Copies the metadata of a single node (its SQLite database) into an empty PostgreSQL database, for
 * {@code berth migrate}.
 *
 * <p>The source is opened read-only and immutable (no lock, no journal files, nothing written to
 * its directory), which is safe only once its node has stopped: a write-ahead log beside the file
 * means the node runs or did not shut down cleanly, and the migration is refused. It must be at the
 * schema version this build knows, as no migration is run on it.
 *
 * <p>The target is migrated to the same version first, then the tables of {@link CopyPlan} are
 * copied in foreign-key order. Refusal and resumption: the target records which source it is being
 * filled from in a table of its own, {@code berth_migration} (one row: a fingerprint of the
 * source's accounts, the source's path, when the copy started and finished). A target without that
 * row must be empty; a target with it is only written to by a migration from the same source, which
 * resumes an interrupted run (every copy skips rows the target already has). A session advisory
 * lock keeps two migrations into one database apart.
 */
public final class MetadataMigration implements AutoCloseable {
  /** The advisory lock key of a running migration ("migrat" in ASCII). */
  private static final long LOCK = 0x6d6967726174L;

  /** Reports copy progress. */
  public interface Listener {
    /** After each committed batch of {@code table}: rows read so far of the source's total. */
    void rows(String table, long done, long total);
  }

  /**
   * One copied table.
   *
   * @param table its name
   * @param sourceRows rows of the source table
   * @param inserted rows this run wrote (the others were there from an interrupted run)
   * @param targetRows rows of the target table afterwards: at least {@code sourceRows} when the
   *     copy is complete (more when a node on the target has written since)
   */
  public record TableResult(String table, long sourceRows, long inserted, long targetRows) {
    public boolean complete() {
      return targetRows >= sourceRows;
    }
  }

  /** A blob the source's metadata knows; {@code state} is LIVE or DELETING. */
  public record SourceBlob(Digest digest, long size, String state) {}

  /** Blobs of the source: how many and their bytes. */
  public record BlobTotals(long blobs, long bytes) {}

  /** What the target held of this source when the run began. */
  public enum Start {
    /** Nothing: a new migration. */
    NEW,
    /** Part of it: an interrupted run. */
    INTERRUPTED,
    /** All of it: a finished run (this one checks and copies what is missing). */
    FINISHED
  }

  private final Connection source;
  private final Connection target;
  private final Start start;

  private MetadataMigration(Connection source, Connection target, Start start) {
    this.source = source;
    this.target = target;
    this.start = start;
  }

  /**
   * Checks the source ({@code jdbc:sqlite:} URL of a stopped node at the current schema version),
   * migrates the target ({@code jdbc:postgresql:} URL) and claims it for this source.
   *
   * @throws MigrationRefusedException when either is not fit, saying why
   */
  public static MetadataMigration open(String sourceUrl, String targetUrl) {
    Path file = sqliteFile(sourceUrl);
    if (!targetUrl.startsWith("jdbc:postgresql:")) {
      throw new MigrationRefusedException(
          "the target's database-url must be a jdbc:postgresql: URL, not "
              + targetUrl.substring(0, Math.min(targetUrl.length(), 16))
              + "...");
    }
    SQLiteDataSource ds = readOnly(file);
    checkVersion(ds, file);
    migrate(targetUrl);
    Connection src = null;
    Connection dst = null;
    try {
      src = ds.getConnection();
      dst = DriverManager.getConnection(targetUrl);
      return new MetadataMigration(src, dst, claim(src, dst, file));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(dst);
      closeQuietly(src);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("failed to open the migration's databases", e);
    }
  }

  /** Whether the target was filled, in part or in full, by an earlier run from this source. */
  public boolean resumed() {
    return start != Start.NEW;
  }

  /** What the target held of this source when the run began. */
  public Start start() {
    return start;
  }

  /** Copies every table of the plan, in order. */
  public List<TableResult> copyTables(Listener listener) {
    return copyTables(listener, TableCopy.BATCH);
  }

  List<TableResult> copyTables(Listener listener, int batch) {
    List<TableResult> out = new ArrayList<>();
    for (CopyPlan.Step step : CopyPlan.STEPS) {
      try {
        TableCopy.Counts c =
            new TableCopy(source, target, step.table(), step.mode(), batch)
                .run((done, total) -> listener.rows(step.table(), done, total));
        out.add(new TableResult(step.table(), c.sourceRows(), c.inserted(), c.targetRows()));
      } catch (SQLException e) {
        throw new IllegalStateException("failed to copy table " + step.table(), e);
      }
    }
    return List.copyOf(out);
  }

  /** The number and bytes of the blobs the source knows. */
  public BlobTotals blobTotals() {
    try (Statement s = source.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(size), 0) FROM blobs")) {
      rs.next();
      return new BlobTotals(rs.getLong(1), rs.getLong(2));
    } catch (SQLException e) {
      throw new IllegalStateException("failed to count the source's blobs", e);
    }
  }

  /** Every blob the source knows, in digest order. */
  public void forEachSourceBlob(Consumer<SourceBlob> each) {
    try (Statement s = source.createStatement();
        ResultSet rs = s.executeQuery("SELECT digest, size, state FROM blobs ORDER BY digest")) {
      while (rs.next()) {
        each.accept(new SourceBlob(Digest.of(rs.getString(1)), rs.getLong(2), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("failed to list the source's blobs", e);
    }
  }

  /** Records that the copy finished (a later run from the same source finds nothing to do). */
  public void finish() {
    try (PreparedStatement ps =
        target.prepareStatement("UPDATE berth_migration SET finished_at = ? WHERE id = 1")) {
      ps.setLong(1, System.currentTimeMillis());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("failed to record the finished migration", e);
    }
  }

  @Override
  public void close() {
    closeQuietly(target);
    closeQuietly(source);
  }

  // ---- source

  static Path sqliteFile(String url) {
    if (!url.startsWith("jdbc:sqlite:")) {
      throw new MigrationRefusedException(
          "the source is not a single node's SQLite database (database-url "
              + url.substring(0, Math.min(url.length(), 16))
              + "...): nothing to migrate");
    }
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    Path file = Path.of(q < 0 ? rest : rest.substring(0, q)).toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw new MigrationRefusedException(
          "no database at " + file + ": is --data (or --config) the old node's?");
    }
    // A node holds the write-ahead log and its index open while it runs, and SQLite removes both
    // when the last connection closes cleanly.
    for (String suffix : List.of("-wal", "-shm")) {
      Path beside = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(beside)) {
        throw new MigrationRefusedException(
            "the node using "
                + file
                + " is running or did not shut down cleanly ("
                + beside.getFileName()
                + " exists): stop it (if it crashed, start it once and stop it), then run berth"
                + " migrate again");
      }
    }
    return file;
  }

  /** Read-only and immutable: SQLite takes no lock and creates no journal next to the file. */
  static SQLiteDataSource readOnly(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1");
    return ds;
  }

  private static void checkVersion(SQLiteDataSource ds, Path file) {
    MigrationInfoService info =
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().info();
    MigrationInfo current = info.current();
    MigrationInfo[] all = info.all();
    String latest = all.length == 0 ? "?" : all[all.length - 1].getVersion().getVersion();
    if (current == null) {
      throw new MigrationRefusedException(
          file + " holds no Berth schema: is --data (or --config) the old node's?");
    }
    if (info.pending().length > 0) {
      throw new MigrationRefusedException(
          file
              + " is at schema version "
              + current.getVersion().getVersion()
              + ", this berth writes version "
              + latest
              + ": start the old node once with this version of berth (it migrates its database"
              + " at start), stop it, and run berth migrate again");
    }
    for (MigrationInfo m : all) {
      if (!m.getState().isResolved()) {
        throw new MigrationRefusedException(
            file
                + " is at schema version "
                + current.getVersion().getVersion()
                + ", newer than this berth knows ("
                + latest
                + "): run berth migrate with the version of berth that last served it");
      }
    }
  }

  // ---- target

  /** Creates the target's schema; it is empty, so no row needs a home region. */
  private static void migrate(String targetUrl) {
    JdbcDatabase db = new JdbcDatabase(Dialect.forUrl(targetUrl, 2, null));
    try {
      db.migrate(JdbcMetadata.DEFAULT_REGION);
    } finally {
      db.close();
    }
  }

  /** Takes the lock and checks or writes the marker. */
  private static Start claim(Connection src, Connection dst, Path file) throws SQLException {
    try (Statement s = dst.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw new MigrationRefusedException("another berth migrate is writing to the target");
      }
    }
    try (Statement s = dst.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS berth_migration (id INTEGER NOT NULL PRIMARY KEY CHECK (id"
              + " = 1), source VARCHAR NOT NULL, source_path VARCHAR NOT NULL, started_at BIGINT"
              + " NOT NULL, finished_at BIGINT)");
    }
    String fingerprint = fingerprint(src);
    try (Statement s = dst.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT source, source_path, finished_at FROM berth_migration")) {
      if (rs.next()) {
        if (rs.getString(1).equals(fingerprint)) {
          rs.getLong(3);
          return rs.wasNull() ? Start.INTERRUPTED : Start.FINISHED;
        }
        throw new MigrationRefusedException(
            "the target database holds a migration from another node ("
                + rs.getString(2)
                + "): use an empty database");
      }
    }
    for (CopyPlan.Step step : CopyPlan.STEPS) {
      if (step.mode() == TableCopy.Mode.REPLACE) {
        continue;
      }
      try (Statement s = dst.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + step.table())) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new MigrationRefusedException(
              "the target database already holds data ("
                  + rs.getLong(1)
                  + " rows in "
                  + step.table()
                  + ") that berth migrate did not write: use an empty database");
        }
      }
    }
    try (PreparedStatement ps =
        dst.prepareStatement(
            "INSERT INTO berth_migration (id, source, source_path, started_at) VALUES (1, ?, ?,"
                + " ?)")) {
      ps.setString(1, fingerprint);
      ps.setString(2, file.toString());
      ps.setLong(3, System.currentTimeMillis());
      ps.executeUpdate();
    }
    return Start.NEW;
  }

  /** The source's accounts and when each was created: the same node gives the same value. */
  private static String fingerprint(Connection src) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (Statement s = src.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, created_at FROM accounts ORDER BY id")) {
      while (rs.next()) {
        b.append(rs.getString(1)).append(':').append(rs.getLong(2)).append('\n');
      }
    }
    return java.util.HexFormat.of()
        .formatHex(Hashing.sha256().digest(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // nothing more to do with it
    }
  }
}
