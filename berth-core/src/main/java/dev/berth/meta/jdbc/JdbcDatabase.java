package dev.berth.meta.jdbc;

import dev.berth.meta.Transactions;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
  /** Runs of one transaction beside others before it runs alone. */
  private static final int SHARED_ATTEMPTS = 8;

  /** Runs of one transaction before a serialization failure is given up on. */
  private static final int MAX_ATTEMPTS = 12;

  private final Dialect dialect;
  private final Jdbi writer;
  private final Jdbi reader;
  private final Optional<Exclusive> exclusive;

  /** The dialect's writer lock and JDBI over the lock's own connection. */
  private record Exclusive(Dialect.WriterLock lock, Jdbi solo) {}

  // One per database (not static): each database binds its own transaction to the thread.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Handle> current = new ThreadLocal<>();

  /** What runs after the current thread's transaction commits; see {@link #afterCommit}. */
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Set<Runnable>> committed = new ThreadLocal<>();

  JdbcDatabase(Dialect dialect) {
    this.dialect = dialect;
    this.writer = Jdbi.create(dialect.writer());
    this.reader = Jdbi.create(dialect.reader());
    this.exclusive = dialect.writerLock().map(l -> new Exclusive(l, Jdbi.create(l.solo())));
  }

  /**
   * Applies pending migrations. {@code homeRegion} is the region that the rows of a deployment from
   * before regions (schema version 13) belong to: the region it was configured with.
   */
  void migrate(String homeRegion) {
    Flyway.configure()
        .dataSource(dialect.writer())
        .locations("classpath:db/migration/" + dialect.migrations())
        .placeholders(java.util.Map.of("home_region", homeRegion))
        .load()
        .migrate();
  }

  <T> T read(HandleCallback<T, RuntimeException> work) {
    Handle h = current.get();
    return h != null ? work.withHandle(h) : reader.withHandle(work);
  }

  <T> T write(HandleCallback<T, RuntimeException> work) {
    Handle h = current.get();
    return h != null
        ? work.withHandle(h)
        : inTransaction(() -> work.withHandle(Objects.requireNonNull(current.get())));
  }

  /**
   * Runs {@code work} in one writer transaction; the stores it calls join it. When the database
   * aborts the transaction so that it may run again (PostgreSQL's serialization failures), the
   * whole of {@code work} runs again in a new one, and after {@link #SHARED_ATTEMPTS} lost attempts
   * alone (see {@link Dialect#writerLock()}): it must do nothing but database work.
   */
  @Override
  public <T> T inTransaction(Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    for (int n = 1; ; n++) {
      Set<Runnable> hooks = new LinkedHashSet<>();
      committed.set(hooks);
      T result;
      try {
        result = n <= SHARED_ATTEMPTS ? shared(work) : alone(work);
      } catch (RuntimeException e) {
        if (n >= MAX_ATTEMPTS || !dialect.retryable(e)) {
          throw e;
        }
        pause(n);
        continue;
      } finally {
        committed.remove();
      }
      hooks.forEach(Runnable::run);
      return result;
    }
  }

  /**
   * Runs {@code hook} once the current thread's transaction has committed (once per transaction
   * however often it is passed; never when the transaction rolls back), or at once outside one.
   */
  void afterCommit(Runnable hook) {
    Set<Runnable> hooks = committed.get();
    if (hooks == null) {
      hook.run();
    } else {
      hooks.add(hook);
    }
  }

  private <T> T shared(Supplier<T> work) {
    return writer.inTransaction(
        h -> {
          exclusive.ifPresent(x -> h.execute(x.lock().shared()));
          return bound(h, work);
        });
  }

  private <T> T alone(Supplier<T> work) {
    if (exclusive.isEmpty()) {
      return shared(work);
    }
    Dialect.WriterLock l = exclusive.get().lock();
    return exclusive
        .get()
        .solo()
        .withHandle(
            h -> {
              h.execute(l.exclusive());
              try {
                return h.inTransaction(tx -> bound(tx, work));
              } finally {
                h.execute(l.release());
              }
            });
  }

  private <T> T bound(Handle h, Supplier<T> work) {
    current.set(h);
    try {
      return work.get();
    } finally {
      current.remove();
    }
  }

  /** A random pause growing with the attempt, so two retrying transactions fall out of step. */
  private static void pause(int attempt) {
    long bound = Math.min(250, 2L << attempt);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a transaction", e);
    }
  }

  void close() {
    dialect.close();
  }
}
