package dev.berth.meta.jdbc;

import javax.sql.DataSource;

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

  static Dialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return new SqliteDialect(jdbcUrl);
    }
    throw new IllegalArgumentException(
        "unsupported database url '" + jdbcUrl + "' (supported: jdbc:sqlite:)");
  }
}
