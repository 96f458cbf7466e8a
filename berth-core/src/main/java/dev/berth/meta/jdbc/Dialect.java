package dev.berth.meta.jdbc;

import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** What differs between databases: connections, pool sizes and the migration folder. */
interface Dialect {
  /** Folder under {@code db/migration} holding this database's migrations. */
  String migrations();

  /** The data source for writers. */
  DataSource writer();

  /** The data source for readers (may be the writer's for servers without reader limits). */
  DataSource reader();

  /**
   * Whether a failed transaction may simply run again (a serialization failure or a deadlock the
   * database resolved by aborting it).
   */
  default boolean retryable(Throwable failure) {
    return false;
  }

  /**
   * How writers of a database where transactions run concurrently guarantee progress: every writer
   * transaction first takes a shared lock, and one that keeps being aborted takes the exclusive
   * lock on a connection of its own and runs alone. Empty where writers are serialised anyway
   * (SQLite).
   */
  default Optional<WriterLock> writerLock() {
    return Optional.empty();
  }

  /**
   * The writer lock's statements.
   *
   * @param shared run first in every writer transaction (held to its end)
   * @param exclusive run on {@code solo}'s connection, outside a transaction, before running alone
   * @param release run on that connection afterwards
   * @param solo a pool of one connection for transactions running alone
   */
  record WriterLock(String shared, String exclusive, String release, DataSource solo) {}

  /** Closes pools. */
  void close();

  /**
   * The dialect of a URL; a server database gets pools of {@code poolSize} connections, and pools
   * report to {@code meterRegistry} when one is given.
   */
  static Dialect forUrl(String jdbcUrl, int poolSize, @Nullable Object meterRegistry) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return new SqliteDialect(jdbcUrl, meterRegistry);
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect(jdbcUrl, poolSize, meterRegistry);
    }
    throw new IllegalArgumentException(
        "unsupported database url (supported: jdbc:sqlite:, jdbc:postgresql:)");
  }
}
