package dev.berth.meta.jdbc;

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

  /** Closes pools. */
  void close();

  /** The dialect of a URL; its pools report to {@code meterRegistry} when one is given. */
  static Dialect forUrl(String jdbcUrl, @Nullable Object meterRegistry) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return new SqliteDialect(jdbcUrl, meterRegistry);
    }
    throw new IllegalArgumentException(
        "unsupported database url '" + jdbcUrl + "' (supported: jdbc:sqlite:)");
  }
}
