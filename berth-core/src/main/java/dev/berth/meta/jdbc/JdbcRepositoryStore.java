package dev.berth.meta.jdbc;

import dev.berth.meta.RepositoryStore;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcRepositoryStore implements RepositoryStore {
  private static final String COLUMNS =
      "id, account_id, name, created_at, tag_mutability, scan_on_push";
  private final JdbcDatabase db;

  JdbcRepositoryStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean create(Repository r) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO repositories ("
                            + COLUMNS
                            + ") VALUES (:id, :account, :name, :at, :mutability, :scan)"
                            + " ON CONFLICT (account_id, name) DO NOTHING")
                    .bind("id", r.id())
                    .bind("account", r.account().value())
                    .bind("name", r.name().value())
                    .bind("at", r.createdAt().toEpochMilli())
                    .bind("mutability", r.tagMutability().name())
                    .bind("scan", r.scanOnPush() ? 1 : 0)
                    .execute())
        == 1;
  }

  @Override
  public Optional<Repository> find(AccountId account, RepositoryName name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM repositories WHERE account_id = :a AND name = :n")
                .bind("a", account.value())
                .bind("n", name.value())
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Page<Repository> list(AccountId account, Optional<String> after, int limit) {
    List<Repository> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM repositories WHERE account_id = :a AND name > :after"
                            + " ORDER BY name LIMIT :limit")
                    .bind("a", account.value())
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> map(rs))
                    .list());
    return Paging.page(rows, limit, r -> r.name().value());
  }

  @Override
  public boolean delete(String repositoryId) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  h.createUpdate("DELETE FROM tags WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .execute();
                  h.createUpdate("DELETE FROM manifest_references WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .execute();
                  h.createUpdate("DELETE FROM manifests WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .execute();
                  return h.createUpdate("DELETE FROM repositories WHERE id = :id")
                          .bind("id", repositoryId)
                          .execute()
                      == 1;
                }));
  }

  private static Repository map(ResultSet rs) throws SQLException {
    return new Repository(
        rs.getString("id"),
        new AccountId(rs.getString("account_id")),
        new RepositoryName(rs.getString("name")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        ImageTagMutability.valueOf(rs.getString("tag_mutability")),
        rs.getInt("scan_on_push") != 0);
  }
}
