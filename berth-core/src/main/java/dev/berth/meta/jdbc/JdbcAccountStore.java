package dev.berth.meta.jdbc;

import dev.berth.meta.AccountStore;
import dev.berth.model.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcAccountStore implements AccountStore {
  private final JdbcDatabase db;

  JdbcAccountStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public void ensure(AccountId account, Instant now) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO accounts (id, created_at) VALUES (:id, :at) ON CONFLICT (id) DO NOTHING")
                .bind("id", account.value())
                .bind("at", now.toEpochMilli())
                .execute());
  }

  @Override
  public boolean exists(AccountId account) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM accounts WHERE id = :id")
                    .bind("id", account.value())
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  @Override
  public Optional<Instant> createdAt(AccountId account) {
    return db.read(
        h ->
            h.createQuery("SELECT created_at FROM accounts WHERE id = :id")
                .bind("id", account.value())
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  @Override
  public List<AccountId> list() {
    return db.read(
        h ->
            h.createQuery("SELECT id FROM accounts ORDER BY id")
                .mapTo(String.class)
                .map(AccountId::new)
                .list());
  }
}
