package dev.berth.meta.jdbc;

import dev.berth.meta.Transactions;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * JDBI over a dialect's pools. A transaction binds its handle to the current thread so every store
 * joins it; outside one, reads use the reader pool and writes the writer pool.
 */
final class JdbcDatabase implements Transactions {
  private final Dialect dialect;
  private final Jdbi writer;
  private final Jdbi reader;

  // One per database (not static): each database binds its own transaction to the thread.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Handle> current = new ThreadLocal<>();

  JdbcDatabase(Dialect dialect) {
    this.dialect = dialect;
    this.writer = Jdbi.create(dialect.writer());
    this.reader = Jdbi.create(dialect.reader());
  }

  /** Applies pending migrations. */
  void migrate() {
    Flyway.configure()
        .dataSource(dialect.writer())
        .locations("classpath:db/migration/" + dialect.migrations())
        .load()
        .migrate();
  }

  <T> T read(HandleCallback<T, RuntimeException> work) {
    Handle h = current.get();
    return h != null ? work.withHandle(h) : reader.withHandle(work);
  }

  <T> T write(HandleCallback<T, RuntimeException> work) {
    Handle h = current.get();
    return h != null ? work.withHandle(h) : writer.withHandle(work);
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    return writer.inTransaction(
        h -> {
          current.set(h);
          try {
            return work.get();
          } finally {
            current.remove();
          }
        });
  }

  void close() {
    dialect.close();
  }
}
