package dev.berth.meta.jdbc;

import dev.berth.meta.DomainEvent;
import dev.berth.meta.EventStore;
import dev.berth.meta.StoredEvent;
import dev.berth.model.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Rows of {@code events}, numbered by the database (identity column or AUTOINCREMENT). */
final class JdbcEventStore implements EventStore {
  private final JdbcDatabase db;
  private final Listeners listeners = new Listeners();
  private final List<java.util.function.Consumer<DomainEvent>> handlers =
      new CopyOnWriteArrayList<>();

  /** The listeners, run as one hook after each transaction that appended. */
  private static final class Listeners implements Runnable {
    private final List<Runnable> all = new CopyOnWriteArrayList<>();

    @Override
    public void run() {
      all.forEach(Runnable::run);
    }
  }

  JdbcEventStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public void append(DomainEvent event, Instant at) {
    // One transaction (the caller's, if any) for the event and what the handlers write for it.
    db.inTransaction(
        () -> {
          db.write(
              h ->
                  h.createUpdate(
                          "INSERT INTO events (kind, account_id, region, subject, detail,"
                              + " created_at) VALUES (:kind, :account, :region, :subject, :detail,"
                              + " :at)")
                      .bind("kind", event.kind().name())
                      .bind("account", event.account().value())
                      .bind("region", event.region())
                      .bind("subject", event.subject())
                      .bind("detail", event.detail())
                      .bind("at", at.toEpochMilli())
                      .execute());
          handlers.forEach(handler -> handler.accept(event));
          return null;
        });
    db.afterCommit(listeners);
  }

  @Override
  public List<StoredEvent> after(long seq, int limit) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT seq, kind, account_id, subject, detail, created_at, region FROM events"
                        + " WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .bind("seq", seq)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new StoredEvent(
                            rs.getLong(1),
                            Instant.ofEpochMilli(rs.getLong(6)),
                            new DomainEvent(
                                DomainEvent.Kind.valueOf(rs.getString(2)),
                                new AccountId(rs.getString(3)),
                                rs.getString(7),
                                rs.getString(4),
                                rs.getString(5))))
                .list());
  }

  @Override
  public long last() {
    return db.read(
        h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM events").mapTo(Long.class).one());
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    return db.write(
        h ->
            h.createUpdate("DELETE FROM events WHERE created_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
  }

  @Override
  public void onCommit(Runnable listener) {
    listeners.all.add(listener);
  }

  @Override
  public void duringAppend(java.util.function.Consumer<DomainEvent> handler) {
    handlers.add(handler);
  }
}
