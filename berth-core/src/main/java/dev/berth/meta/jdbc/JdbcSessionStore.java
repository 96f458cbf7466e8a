package dev.berth.meta.jdbc;

import dev.berth.meta.SessionStore;
import dev.berth.meta.StsSession;
import dev.berth.model.AccountId;
import java.time.Instant;
import java.util.Optional;

final class JdbcSessionStore implements SessionStore {
  private final JdbcDatabase db;

  JdbcSessionStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public void create(StsSession s) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO sts_sessions (access_key_id, account_id, principal_arn,"
                        + " source_arn, session_name, secret_ciphertext, session_token, expires_at)"
                        + " VALUES (:id, :a, :p, :src, :name, :secret, :token, :exp)")
                .bind("id", s.accessKeyId())
                .bind("a", s.account().value())
                .bind("p", s.principalArn())
                .bind("src", s.sourceArn())
                .bind("name", s.sessionName())
                .bind("secret", s.secretCiphertext())
                .bind("token", s.sessionToken())
                .bind("exp", s.expiresAt().toEpochMilli())
                .execute());
  }

  @Override
  public Optional<StsSession> find(String accessKeyId) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM sts_sessions WHERE access_key_id = :id")
                .bind("id", accessKeyId)
                .map(
                    (rs, ctx) ->
                        new StsSession(
                            rs.getString("access_key_id"),
                            new AccountId(rs.getString("account_id")),
                            rs.getString("principal_arn"),
                            rs.getString("source_arn"),
                            rs.getString("session_name"),
                            rs.getBytes("secret_ciphertext"),
                            rs.getString("session_token"),
                            Instant.ofEpochMilli(rs.getLong("expires_at"))))
                .findOne());
  }

  @Override
  public int purgeExpired(Instant now) {
    return db.write(
        h ->
            h.createUpdate("DELETE FROM sts_sessions WHERE expires_at < :now")
                .bind("now", now.toEpochMilli())
                .execute());
  }
}
