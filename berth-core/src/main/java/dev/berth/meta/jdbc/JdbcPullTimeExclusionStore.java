package dev.berth.meta.jdbc;

import dev.berth.meta.PullTimeExclusionStore;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pull-time update exclusions over the V7 table. */
final class JdbcPullTimeExclusionStore implements PullTimeExclusionStore {
  private final JdbcDatabase db;

  JdbcPullTimeExclusionStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean add(RegistryId registry, String principalArn, Instant now) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO pull_time_exclusions (account_id, region, principal_arn,"
                            + " created_at) VALUES (:a, :r, :p, :now) ON CONFLICT (account_id,"
                            + " region, principal_arn) DO NOTHING")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .bind("p", principalArn)
                    .bind("now", now.toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public boolean remove(RegistryId registry, String principalArn) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM pull_time_exclusions WHERE account_id = :a AND region = :r"
                            + " AND principal_arn = :p")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .bind("p", principalArn)
                    .execute())
        == 1;
  }

  @Override
  public Optional<Instant> find(RegistryId registry, String principalArn) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT created_at FROM pull_time_exclusions WHERE account_id = :a AND region = :r"
                        + " AND principal_arn = :p")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .bind("p", principalArn)
                .map((rs, ctx) -> Instant.ofEpochMilli(rs.getLong(1)))
                .findOne());
  }

  @Override
  public Page<String> list(RegistryId registry, Optional<String> after, int limit) {
    List<String> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT principal_arn FROM pull_time_exclusions WHERE account_id = :a AND region = :r"
                            + " AND principal_arn > :after ORDER BY principal_arn LIMIT :limit")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .mapTo(String.class)
                    .list());
    return Paging.page(rows, limit, r -> r);
  }

  @Override
  public int count(RegistryId registry) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM pull_time_exclusions WHERE account_id = :a AND region = :r")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .mapTo(Integer.class)
                .one());
  }
}
