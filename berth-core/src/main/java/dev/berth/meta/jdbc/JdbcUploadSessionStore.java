package dev.berth.meta.jdbc;

import dev.berth.meta.UploadSession;
import dev.berth.meta.UploadSessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcUploadSessionStore implements UploadSessionStore {
  private final JdbcDatabase db;

  JdbcUploadSessionStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public void create(UploadSession s, String owner) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO upload_sessions (id, repository_id, offset_bytes, started_at,"
                        + " updated_at, owner, staging_token) VALUES (:id, :repo, :offset,"
                        + " :started, :updated, :owner, :token)")
                .bind("token", s.stagingToken())
                .bind("id", s.id())
                .bind("owner", owner)
                .bind("repo", s.repositoryId())
                .bind("offset", s.offset())
                .bind("started", s.startedAt().toEpochMilli())
                .bind("updated", s.updatedAt().toEpochMilli())
                .execute());
  }

  @Override
  public int countInRepository(String repositoryId) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM upload_sessions WHERE repository_id = :repo")
                .bind("repo", repositoryId)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public int countByOwner(String owner) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM upload_sessions WHERE owner = :owner")
                .bind("owner", owner)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public int countAll() {
    return db.read(
        h -> h.createQuery("SELECT COUNT(*) FROM upload_sessions").mapTo(Integer.class).one());
  }

  @Override
  public Optional<UploadSession> find(String id) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM upload_sessions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public boolean advance(String id, long expected, UploadSession next) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE upload_sessions SET offset_bytes = :next, updated_at = :now,"
                            + " staging_token = :token, hash_state = :hash"
                            + " WHERE id = :id AND offset_bytes = :expected")
                    .bind("next", next.offset())
                    .bind("now", next.updatedAt().toEpochMilli())
                    .bind("token", next.stagingToken())
                    .bind("hash", next.hashState())
                    .bind("id", id)
                    .bind("expected", expected)
                    .execute())
        == 1;
  }

  @Override
  public boolean delete(String id) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM upload_sessions WHERE id = :id")
                    .bind("id", id)
                    .execute())
        == 1;
  }

  @Override
  public List<String> idsOf(String repositoryId) {
    return db.read(
        h ->
            h.createQuery("SELECT id FROM upload_sessions WHERE repository_id = :repo ORDER BY id")
                .bind("repo", repositoryId)
                .mapTo(String.class)
                .list());
  }

  @Override
  public List<UploadSession> idleSince(Instant cutoff) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM upload_sessions WHERE updated_at < :cutoff ORDER BY id")
                .bind("cutoff", cutoff.toEpochMilli())
                .map((rs, ctx) -> map(rs))
                .list());
  }

  static UploadSession map(ResultSet rs) throws SQLException {
    return new UploadSession(
        rs.getString("id"),
        rs.getString("repository_id"),
        rs.getLong("offset_bytes"),
        Instant.ofEpochMilli(rs.getLong("started_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")),
        rs.getString("staging_token"),
        Optional.ofNullable(rs.getBytes("hash_state")).orElse(new byte[0]));
  }
}
