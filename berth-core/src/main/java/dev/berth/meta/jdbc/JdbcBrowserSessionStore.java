package dev.berth.meta.jdbc;

import dev.berth.auth.BrowserSession;
import dev.berth.auth.BrowserSessionStore;
import dev.berth.model.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbcBrowserSessionStore implements BrowserSessionStore {
  private final JdbcDatabase db;

  JdbcBrowserSessionStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public void create(BrowserSession s, int perPrincipal, int max) {
    db.inTransaction(
        () ->
            db.write(
                h -> {
                  h.createUpdate("DELETE FROM browser_sessions WHERE expires_at <= :now")
                      .bind("now", s.createdAt().toEpochMilli())
                      .execute();
                  while (countOf(h, s.principalArn()) >= perPrincipal) {
                    removeOldestOf(h, s.principalArn());
                  }
                  while (count(h) >= max) {
                    String busiest =
                        h.createQuery(
                                "SELECT principal_arn FROM browser_sessions GROUP BY principal_arn"
                                    + " ORDER BY COUNT(*) DESC, principal_arn LIMIT 1")
                            .mapTo(String.class)
                            .one();
                    removeOldestOf(h, busiest);
                  }
                  h.createUpdate(
                          "INSERT INTO browser_sessions (key_hash, account_id, principal_arn,"
                              + " principal_name, access_key_id, principal_type, source_arn, csrf,"
                              + " created_at, expires_at) VALUES (:k, :a, :arn, :name, :key,"
                              + " :type, :src, :csrf, :created, :expires)")
                      .bind("k", s.key())
                      .bind("a", s.account().value())
                      .bind("arn", s.principalArn())
                      .bind("name", s.principalName())
                      .bind("key", s.accessKeyId())
                      .bind("type", s.principalType())
                      .bind("src", s.sourceArn())
                      .bind("csrf", s.csrf())
                      .bind("created", s.createdAt().toEpochMilli())
                      .bind("expires", s.expiresAt().toEpochMilli())
                      .execute();
                  return null;
                }));
  }

  private static int countOf(Handle h, String principalArn) {
    return h.createQuery("SELECT COUNT(*) FROM browser_sessions WHERE principal_arn = :p")
        .bind("p", principalArn)
        .mapTo(Integer.class)
        .one();
  }

  private static int count(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM browser_sessions").mapTo(Integer.class).one();
  }

  private static void removeOldestOf(Handle h, String principalArn) {
    h.createUpdate(
            "DELETE FROM browser_sessions WHERE key_hash = (SELECT key_hash FROM browser_sessions"
                + " WHERE principal_arn = :p ORDER BY seq LIMIT 1)")
        .bind("p", principalArn)
        .execute();
  }

  @Override
  public Optional<BrowserSession> find(String key, Instant now) {
    Optional<BrowserSession> found =
        db.read(
            h ->
                h.createQuery("SELECT * FROM browser_sessions WHERE key_hash = :k")
                    .bind("k", key)
                    .map((rs, ctx) -> map(rs))
                    .findOne());
    if (found.isPresent() && !found.get().expiresAt().isAfter(now)) {
      remove(key);
      return Optional.empty();
    }
    return found;
  }

  private static BrowserSession map(ResultSet rs) throws SQLException {
    return new BrowserSession(
        rs.getString("key_hash"),
        new AccountId(rs.getString("account_id")),
        rs.getString("principal_arn"),
        rs.getString("principal_name"),
        rs.getString("access_key_id"),
        rs.getString("principal_type"),
        rs.getString("source_arn"),
        rs.getString("csrf"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")));
  }

  @Override
  public void remove(String key) {
    db.write(
        h ->
            h.createUpdate("DELETE FROM browser_sessions WHERE key_hash = :k")
                .bind("k", key)
                .execute());
  }

  @Override
  public void setNotice(String key, Notice notice) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE browser_sessions SET notice_kind = :kind, notice_text = :text"
                        + " WHERE key_hash = :k")
                .bind("kind", notice.kind())
                .bind("text", notice.text())
                .bind("k", key)
                .execute());
  }

  @Override
  public Optional<Notice> takeNotice(String key) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  Optional<Notice> notice =
                      h.createQuery(
                              "SELECT notice_kind, notice_text FROM browser_sessions"
                                  + " WHERE key_hash = :k AND notice_kind IS NOT NULL")
                          .bind("k", key)
                          .map((rs, ctx) -> new Notice(rs.getString(1), rs.getString(2)))
                          .findOne();
                  if (notice.isPresent()) {
                    h.createUpdate(
                            "UPDATE browser_sessions SET notice_kind = NULL, notice_text = NULL"
                                + " WHERE key_hash = :k")
                        .bind("k", key)
                        .execute();
                  }
                  return notice;
                }));
  }

  @Override
  public int purgeExpired(Instant now) {
    return db.write(
        h ->
            h.createUpdate("DELETE FROM browser_sessions WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
  }

  @Override
  public int count() {
    return db.read(JdbcBrowserSessionStore::count);
  }
}
