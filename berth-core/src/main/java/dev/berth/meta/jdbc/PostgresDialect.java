package dev.berth.meta.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL, shared by every node of a cluster. Writers run SERIALIZABLE: the conditional
 * statements the single-writer SQLite made safe by running one at a time (the collector's claim
 * against a concurrent link, the immutable-tag check against a concurrent put, a push against a
 * delete of its repository) are made safe by PostgreSQL's serializable snapshot isolation, which
 * aborts one of two transactions that could not have run one after the other; {@link JdbcDatabase}
 * runs it again. Readers are read-only and READ COMMITTED (each statement a snapshot), as the
 * reader pool of SQLite.
 */
final class PostgresDialect implements Dialect {
  /** serialization_failure and deadlock_detected: the transaction may simply run again. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  /** The advisory lock key of the writer lock ("berth" in ASCII). */
  private static final long WRITER_LOCK = 0x6265727468L;

  private final HikariDataSource writer;
  private final HikariDataSource reader;
  private final HikariDataSource solo;

  PostgresDialect(String url, int poolSize, @Nullable Object meterRegistry) {
    writer = pool(url, "berth-pg-writer", poolSize, false, meterRegistry);
    try {
      reader = pool(url, "berth-pg-reader", poolSize, true, meterRegistry);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    try {
      solo = pool(url, "berth-pg-solo", 1, false, meterRegistry);
    } catch (RuntimeException e) {
      reader.close();
      writer.close();
      throw e;
    }
  }

  private static HikariDataSource pool(
      String url, String name, int size, boolean reader, @Nullable Object meterRegistry) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setPoolName(name);
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(30_000);
    hc.setReadOnly(reader);
    hc.setTransactionIsolation(reader ? "TRANSACTION_READ_COMMITTED" : "TRANSACTION_SERIALIZABLE");
    hc.addDataSourceProperty("ApplicationName", "berth");
    if (meterRegistry != null) {
      hc.setMetricRegistry(meterRegistry);
    }
    return new HikariDataSource(hc);
  }

  @Override
  public String migrations() {
    return "postgresql";
  }

  @Override
  public DataSource writer() {
    return writer;
  }

  @Override
  public DataSource reader() {
    return reader;
  }

  @Override
  public boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && RETRYABLE.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A transaction that lost {@link JdbcDatabase}'s first attempts runs under the exclusive form of
   * a session advisory lock whose shared form every writer transaction holds: once it is granted,
   * no other writer transaction is running and new ones wait, so the transaction runs alone and
   * commits. A node that dies holding it releases it with its connection.
   */
  @Override
  public Optional<WriterLock> writerLock() {
    return Optional.of(
        new WriterLock(
            "SELECT pg_advisory_xact_lock_shared(" + WRITER_LOCK + ")",
            "SELECT pg_advisory_lock(" + WRITER_LOCK + ")",
            "SELECT pg_advisory_unlock(" + WRITER_LOCK + ")",
            solo));
  }

  @Override
  public void close() {
    solo.close();
    reader.close();
    writer.close();
  }
}
