package dev.berth.meta.jdbc;

import dev.berth.meta.AccessKey;
import dev.berth.meta.AccessKeyStore;
import dev.berth.model.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcAccessKeyStore implements AccessKeyStore {
  private final JdbcDatabase db;

  JdbcAccessKeyStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public void create(AccessKey k) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO access_keys (access_key_id, account_id, principal,"
                        + " secret_ciphertext, active, created_at) VALUES (:id, :account,"
                        + " :principal, :secret, :active, :at)")
                .bind("id", k.accessKeyId())
                .bind("account", k.account().value())
                .bind("principal", k.principal())
                .bind("secret", k.secretCiphertext())
                .bind("active", k.active() ? 1 : 0)
                .bind("at", k.createdAt().toEpochMilli())
                .execute());
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM access_keys WHERE access_key_id = :id")
                .bind("id", accessKeyId)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public boolean setActive(String accessKeyId, boolean active) {
    return db.write(
            h ->
                h.createUpdate("UPDATE access_keys SET active = :active WHERE access_key_id = :id")
                    .bind("active", active ? 1 : 0)
                    .bind("id", accessKeyId)
                    .execute())
        == 1;
  }

  @Override
  public boolean delete(String accessKeyId) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM access_keys WHERE access_key_id = :id")
                    .bind("id", accessKeyId)
                    .execute())
        == 1;
  }

  @Override
  public List<AccessKey> ofPrincipal(AccountId account, String principal) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM access_keys WHERE account_id = :a AND principal = :p"
                        + " ORDER BY created_at, access_key_id")
                .bind("a", account.value())
                .bind("p", principal)
                .map((rs, ctx) -> map(rs))
                .list());
  }

  private static AccessKey map(ResultSet rs) throws SQLException {
    return new AccessKey(
        rs.getString("access_key_id"),
        new AccountId(rs.getString("account_id")),
        rs.getString("principal"),
        rs.getBytes("secret_ciphertext"),
        rs.getInt("active") != 0,
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
