package dev.berth.meta.jdbc;

import dev.berth.meta.RepositoryStore;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcRepositoryStore implements RepositoryStore {
  private static final String COLUMNS =
      "id, account_id, region, name, created_at, tag_mutability, tag_mutability_exclusions, scan_on_push,"
          + " encryption_type, kms_key";
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
                            + ") VALUES (:id, :account, :region, :name, :at, :mutability, :exclusions,"
                            + " :scan, :encryption, :kms)"
                            + " ON CONFLICT (account_id, region, name) DO NOTHING")
                    .bind("id", r.id())
                    .bind("account", r.account().value())
                    .bind("region", r.region())
                    .bind("name", r.name().value())
                    .bind("at", r.createdAt().toEpochMilli())
                    .bindMap(settings(r.settings()))
                    .execute())
        == 1;
  }

  @Override
  public Optional<Repository> find(RegistryId registry, RepositoryName name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM repositories WHERE account_id = :a AND region = :r AND name = :n")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .bind("n", name.value())
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Optional<Repository> findById(String repositoryId) {
    return db.read(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM repositories WHERE id = :id")
                .bind("id", repositoryId)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public boolean exists(String repositoryId) {
    return db.read(
            h ->
                h.createQuery("SELECT COUNT(*) FROM repositories WHERE id = :id")
                    .bind("id", repositoryId)
                    .mapTo(Integer.class)
                    .one())
        > 0;
  }

  @Override
  public Page<Repository> list(RegistryId registry, Optional<String> after, int limit) {
    List<Repository> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT "
                            + COLUMNS
                            + " FROM repositories WHERE account_id = :a AND region = :r AND name > :after"
                            + " ORDER BY name LIMIT :limit")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> map(rs))
                    .list());
    return Paging.page(rows, limit, r -> r.name().value());
  }

  @Override
  public boolean updateSettings(String repositoryId, RepositorySettings settings) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE repositories SET tag_mutability = :mutability,"
                            + " tag_mutability_exclusions = :exclusions, scan_on_push = :scan,"
                            + " encryption_type = :encryption, kms_key = :kms WHERE id = :id")
                    .bindMap(settings(settings))
                    .bind("id", repositoryId)
                    .execute())
        == 1;
  }

  private static Map<String, Object> settings(RepositorySettings s) {
    Map<String, Object> m = new HashMap<>();
    m.put("mutability", s.tagMutability().name());
    m.put("exclusions", String.join("\n", s.exclusionFilters()));
    m.put("scan", s.scanOnPush() ? 1 : 0);
    m.put("encryption", s.encryptionType());
    m.put("kms", s.kmsKey().orElse(null));
    return m;
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

  static Repository map(ResultSet rs) throws SQLException {
    return new Repository(
        rs.getString("id"),
        new RegistryId(new AccountId(rs.getString("account_id")), rs.getString("region")),
        new RepositoryName(rs.getString("name")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        new RepositorySettings(
            ImageTagMutability.valueOf(rs.getString("tag_mutability")),
            rs.getString("tag_mutability_exclusions").isEmpty()
                ? List.of()
                : List.of(rs.getString("tag_mutability_exclusions").split("\n")),
            rs.getInt("scan_on_push") != 0,
            rs.getString("encryption_type"),
            Optional.ofNullable(rs.getString("kms_key"))));
  }
}
