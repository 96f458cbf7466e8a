package dev.berth.meta.jdbc;

import dev.berth.meta.ImageReplication;
import dev.berth.meta.ReplicationStore;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Replication configurations and image replications over the V18 tables. */
final class JdbcReplicationStore implements ReplicationStore {
  private static final String COLUMNS =
      "repository_id, digest, destination_account, destination_region, status, failure_code,"
          + " last_error, attempts, generation, next_attempt_at, updated_at";

  private final JdbcDatabase db;

  JdbcReplicationStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<String> configuration(RegistryId registry) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT document FROM replication_configurations WHERE account_id = :a AND"
                        + " region = :r")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void setConfiguration(RegistryId registry, String document, Instant now) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO replication_configurations (account_id, region, document,"
                        + " updated_at) VALUES (:a, :r, :d, :now) ON CONFLICT (account_id, region)"
                        + " DO UPDATE SET document = excluded.document, updated_at ="
                        + " excluded.updated_at")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .bind("d", document)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  @Override
  public void enqueue(String repositoryId, Digest digest, RegistryId destination, Instant now) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO image_replications ("
                        + COLUMNS
                        + ", created_at) VALUES (:repo, :digest, :account, :region, 'IN_PROGRESS',"
                        + " NULL, NULL, 0, 1, :now, :now, :now) ON CONFLICT (repository_id,"
                        + " digest, destination_account, destination_region) DO UPDATE SET status"
                        + " = 'IN_PROGRESS', failure_code = NULL, last_error = NULL, attempts = 0,"
                        + " generation = image_replications.generation + 1, next_attempt_at ="
                        + " excluded.next_attempt_at, updated_at = excluded.updated_at")
                .bind("repo", repositoryId)
                .bind("digest", digest.toString())
                .bind("account", destination.account().value())
                .bind("region", destination.region())
                .bind("now", now.toEpochMilli())
                .execute());
  }

  @Override
  public List<ImageReplication> due(Instant now, int limit) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM image_replications WHERE status = 'IN_PROGRESS' AND"
                        + " next_attempt_at <= :now ORDER BY next_attempt_at, repository_id,"
                        + " digest LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
  }

  @Override
  public boolean record(ImageReplication started, ImageReplication outcome) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE image_replications SET status = :status, failure_code = :code,"
                            + " last_error = :error, attempts = :attempts, next_attempt_at ="
                            + " :next, updated_at = :now WHERE repository_id = :repo AND digest ="
                            + " :digest AND destination_account = :account AND destination_region"
                            + " = :region AND generation = :generation")
                    .bind("status", outcome.status().name())
                    .bind("code", outcome.failureCode().orElse(null))
                    .bind("error", outcome.lastError().map(JdbcReplicationStore::clip).orElse(null))
                    .bind("attempts", outcome.attempts())
                    .bind("next", outcome.nextAttemptAt().toEpochMilli())
                    .bind("now", outcome.updatedAt().toEpochMilli())
                    .bind("repo", started.repositoryId())
                    .bind("digest", started.digest().toString())
                    .bind("account", started.destination().account().value())
                    .bind("region", started.destination().region())
                    .bind("generation", started.generation())
                    .execute())
        == 1;
  }

  @Override
  public List<ImageReplication> of(String repositoryId, Digest digest) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM image_replications WHERE repository_id = :repo AND digest ="
                        + " :digest ORDER BY destination_region, destination_account")
                .bind("repo", repositoryId)
                .bind("digest", digest.toString())
                .map((rs, ctx) -> map(rs))
                .list());
  }

  private static String clip(String text) {
    return text.length() <= 1000 ? text : text.substring(0, 1000);
  }

  private static ImageReplication map(ResultSet rs) throws SQLException {
    return new ImageReplication(
        rs.getString("repository_id"),
        Digest.parse(rs.getString("digest")).orElseThrow(),
        new RegistryId(
            new AccountId(rs.getString("destination_account")), rs.getString("destination_region")),
        ImageReplication.Status.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getString("failure_code")),
        Optional.ofNullable(rs.getString("last_error")),
        rs.getInt("attempts"),
        rs.getLong("generation"),
        Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }
}
