package dev.berth.meta.jdbc;

import dev.berth.meta.LeaseState;
import dev.berth.meta.LeaseStore;
import java.time.Instant;
import java.util.Optional;

/** Rows of {@code leases}: one per name, created by the first take. */
final class JdbcLeaseStore implements LeaseStore {
  private final JdbcDatabase db;

  JdbcLeaseStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public LeaseState get(String name) {
    return db.read(
        h ->
            h.createQuery("SELECT holder, lease_until FROM leases WHERE name = :name")
                .bind("name", name)
                .map(
                    (rs, ctx) ->
                        new LeaseState(
                            Optional.ofNullable(rs.getString(1)),
                            Instant.ofEpochMilli(rs.getLong(2))))
                .findOne()
                .orElse(LeaseState.FREE));
  }

  @Override
  public boolean take(String name, LeaseState expected, String holder, Instant until) {
    return db.write(
            h -> {
              h.createUpdate(
                      "INSERT INTO leases (name, holder, lease_until) VALUES (:name, NULL, 0)"
                          + " ON CONFLICT (name) DO NOTHING")
                  .bind("name", name)
                  .execute();
              return h.createUpdate(
                      "UPDATE leases SET holder = :holder, lease_until = :until WHERE name = :name"
                          + " AND COALESCE(holder, '') = :expectedHolder"
                          + " AND lease_until = :expectedUntil")
                  .bind("name", name)
                  .bind("holder", holder)
                  .bind("until", until.toEpochMilli())
                  .bind("expectedHolder", expected.holder().orElse(""))
                  .bind("expectedUntil", expected.until().toEpochMilli())
                  .execute();
            })
        == 1;
  }

  @Override
  public boolean renew(String name, String holder, Instant until) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE leases SET lease_until = :until"
                            + " WHERE name = :name AND holder = :holder")
                    .bind("name", name)
                    .bind("holder", holder)
                    .bind("until", until.toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public void release(String name, String holder) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE leases SET holder = NULL, lease_until = 0"
                        + " WHERE name = :name AND holder = :holder")
                .bind("name", name)
                .bind("holder", holder)
                .execute());
  }
}
