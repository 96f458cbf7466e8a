package dev.berth.meta.jdbc;

import dev.berth.meta.PullThroughRule;
import dev.berth.meta.PullThroughRuleStore;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pull-through cache rules over the V17 table. */
final class JdbcPullThroughRuleStore implements PullThroughRuleStore {
  private static final String COLUMNS =
      "account_id, region, ecr_prefix, upstream_url, upstream_kind, upstream_prefix,"
          + " credential_arn, custom_role_arn, created_at, updated_at";
  private static final String KEY = " WHERE account_id = :a AND region = :r";

  private final JdbcDatabase db;

  JdbcPullThroughRuleStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean insert(PullThroughRule rule) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO pull_through_rules ("
                            + COLUMNS
                            + ") VALUES (:a, :r, :p, :url, :kind, :up, :cred, :role, :at, :at)"
                            + " ON CONFLICT (account_id, region, ecr_prefix) DO NOTHING")
                    .bind("a", rule.registry().account().value())
                    .bind("r", rule.registry().region())
                    .bind("p", rule.ecrRepositoryPrefix())
                    .bind("url", rule.upstreamRegistryUrl())
                    .bind("kind", rule.upstreamRegistry())
                    .bind("up", rule.upstreamRepositoryPrefix())
                    .bind("cred", rule.credentialArn().orElse(null))
                    .bind("role", rule.customRoleArn().orElse(null))
                    .bind("at", rule.createdAt().toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public boolean update(PullThroughRule rule) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE pull_through_rules SET credential_arn = :cred,"
                            + " custom_role_arn = :role, updated_at = :at"
                            + KEY
                            + " AND ecr_prefix = :p")
                    .bind("a", rule.registry().account().value())
                    .bind("r", rule.registry().region())
                    .bind("p", rule.ecrRepositoryPrefix())
                    .bind("cred", rule.credentialArn().orElse(null))
                    .bind("role", rule.customRoleArn().orElse(null))
                    .bind("at", rule.updatedAt().toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public boolean delete(RegistryId registry, String ecrRepositoryPrefix) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM pull_through_rules" + KEY + " AND ecr_prefix = :p")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .bind("p", ecrRepositoryPrefix)
                    .execute())
        == 1;
  }

  @Override
  public Optional<PullThroughRule> find(RegistryId registry, String ecrRepositoryPrefix) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM pull_through_rules" + KEY + " AND ecr_prefix = :p")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .bind("p", ecrRepositoryPrefix)
                .map((rs, ctx) -> rule(rs))
                .findOne());
  }

  @Override
  public List<PullThroughRule> list(RegistryId registry) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM pull_through_rules" + KEY + " ORDER BY ecr_prefix")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .map((rs, ctx) -> rule(rs))
                .list());
  }

  private static PullThroughRule rule(ResultSet rs) throws SQLException {
    return new PullThroughRule(
        new RegistryId(new AccountId(rs.getString("account_id")), rs.getString("region")),
        rs.getString("ecr_prefix"),
        rs.getString("upstream_url"),
        rs.getString("upstream_kind"),
        rs.getString("upstream_prefix"),
        Optional.ofNullable(rs.getString("credential_arn")),
        Optional.ofNullable(rs.getString("custom_role_arn")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }
}
