package dev.berth.meta.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite: WAL journal, full sync on commit, a busy timeout for other processes (the admin CLI), one
 * writer connection (SQLite admits one writer; queueing in the pool beats SQLITE_BUSY) and a small
 * read-only pool.
 */
final class SqliteDialect implements Dialect {
  private final HikariDataSource writer;
  private final HikariDataSource reader;

  SqliteDialect(String url, @Nullable Object meterRegistry) {
    writer = pool(url, "berth-sqlite-writer", 1, false, meterRegistry);
    reader = pool(url, "berth-sqlite-reader", 4, true, meterRegistry);
  }

  private static HikariDataSource pool(
      String url, String name, int size, boolean reader, @Nullable Object meterRegistry) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(15_000);
    config.enforceForeignKeys(true);
    if (!reader) {
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl(url);
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(ds);
    hc.setPoolName(name);
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(60_000);
    if (meterRegistry != null) {
      hc.setMetricRegistry(meterRegistry);
    }
    return new HikariDataSource(hc);
  }

  @Override
  public String migrations() {
    return "sqlite";
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
  public void close() {
    reader.close();
    writer.close();
  }
}
