package dev.berth.meta.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.common.Json;
import dev.berth.meta.LifecycleStore;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositoryName;
import dev.berth.model.TagStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Lifecycle policies and previews over the V7 tables. */
final class JdbcLifecycleStore implements LifecycleStore {
  private static final String RESULT_COLUMNS =
      "digest, tags, pushed_at, action, target_storage_class, rule_priority, storage_class";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcDatabase db;

  JdbcLifecycleStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<StoredPolicy> policy(String repositoryId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT policy_text, updated_at, last_evaluated_at FROM lifecycle_policies"
                        + " WHERE repository_id = :id")
                .bind("id", repositoryId)
                .map(
                    (rs, ctx) ->
                        new StoredPolicy(
                            rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), instant(rs, 3)))
                .findOne());
  }

  @Override
  public void putPolicy(String repositoryId, String text, Instant now) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO lifecycle_policies (repository_id, policy_text, updated_at)"
                        + " VALUES (:id, :t, :now) ON CONFLICT (repository_id) DO UPDATE SET"
                        + " policy_text = excluded.policy_text, updated_at = excluded.updated_at,"
                        + " last_evaluated_at = NULL")
                .bind("id", repositoryId)
                .bind("t", text)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  @Override
  public boolean deletePolicy(String repositoryId) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM lifecycle_policies WHERE repository_id = :id")
                    .bind("id", repositoryId)
                    .execute())
        == 1;
  }

  @Override
  public void markEvaluated(String repositoryId, Instant at) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE lifecycle_policies SET last_evaluated_at = :at WHERE repository_id ="
                        + " :id")
                .bind("id", repositoryId)
                .bind("at", at.toEpochMilli())
                .execute());
  }

  @Override
  public List<PolicyOwner> policyOwners() {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT r.id, r.account_id, r.name, r.region FROM lifecycle_policies p JOIN"
                        + " repositories"
                        + " r ON r.id = p.repository_id ORDER BY r.id")
                .map(
                    (rs, ctx) ->
                        new PolicyOwner(
                            rs.getString(1),
                            new RegistryId(new AccountId(rs.getString(2)), rs.getString(4)),
                            new RepositoryName(rs.getString(3))))
                .list());
  }

  @Override
  public Optional<StoredPreview> preview(String repositoryId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT policy_text, status, started_at, completed_at, failure FROM"
                        + " lifecycle_previews WHERE repository_id = :id")
                .bind("id", repositoryId)
                .map(
                    (rs, ctx) ->
                        new StoredPreview(
                            rs.getString(1),
                            PreviewStatus.valueOf(rs.getString(2)),
                            Instant.ofEpochMilli(rs.getLong(3)),
                            instant(rs, 4),
                            Optional.ofNullable(rs.getString(5))))
                .findOne());
  }

  @Override
  public boolean startPreview(String repositoryId, String policyText, Instant now) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  Optional<String> status =
                      h.createQuery(
                              "SELECT status FROM lifecycle_previews WHERE repository_id = :id")
                          .bind("id", repositoryId)
                          .mapTo(String.class)
                          .findOne();
                  if (status.filter(PreviewStatus.IN_PROGRESS.name()::equals).isPresent()) {
                    return false;
                  }
                  h.createUpdate("DELETE FROM lifecycle_previews WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .execute();
                  h.createUpdate(
                          "INSERT INTO lifecycle_previews (repository_id, policy_text, status,"
                              + " started_at) VALUES (:id, :t, 'IN_PROGRESS', :now)")
                      .bind("id", repositoryId)
                      .bind("t", policyText)
                      .bind("now", now.toEpochMilli())
                      .execute();
                  return true;
                }));
  }

  @Override
  public void completePreview(String repositoryId, List<PreviewResult> results, Instant now) {
    db.inTransaction(
        () ->
            db.write(
                h -> {
                  h.createUpdate("DELETE FROM lifecycle_preview_results WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .execute();
                  if (!results.isEmpty()) {
                    PreparedBatch batch =
                        h.prepareBatch(
                            "INSERT INTO lifecycle_preview_results (repository_id, "
                                + RESULT_COLUMNS
                                + ", tagged) VALUES (:id, :digest, :tags, :pushed, :action,"
                                + " :target, :priority, :storage, :tagged)");
                    for (PreviewResult r : results) {
                      batch
                          .bind("id", repositoryId)
                          .bind("digest", r.digest().toString())
                          .bind("tags", json(r.tags()))
                          .bind("pushed", r.pushedAt().toEpochMilli())
                          .bind("action", r.action())
                          .bind("target", r.targetStorageClass().orElse(null))
                          .bind("priority", r.appliedRulePriority())
                          .bind("storage", r.storageClass())
                          .bind("tagged", r.tags().isEmpty() ? 0 : 1)
                          .add();
                    }
                    batch.execute();
                  }
                  return h.createUpdate(
                          "UPDATE lifecycle_previews SET status = 'COMPLETE', completed_at = :now"
                              + " WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .bind("now", now.toEpochMilli())
                      .execute();
                }));
  }

  @Override
  public void failPreview(String repositoryId, String reason, Instant now) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE lifecycle_previews SET status = 'FAILED', completed_at = :now, failure"
                        + " = :f WHERE repository_id = :id AND status = 'IN_PROGRESS'")
                .bind("id", repositoryId)
                .bind("now", now.toEpochMilli())
                .bind("f", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .execute());
  }

  @Override
  public Page<PreviewResult> previewResults(
      String repositoryId, Optional<String> after, int limit, TagStatus status) {
    String filter =
        switch (status) {
          case TAGGED -> " AND tagged = 1";
          case UNTAGGED -> " AND tagged = 0";
          case ANY -> "";
        };
    List<PreviewResult> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT "
                            + RESULT_COLUMNS
                            + " FROM lifecycle_preview_results WHERE repository_id = :id AND"
                            + " digest > :after"
                            + filter
                            + " ORDER BY digest LIMIT :limit")
                    .bind("id", repositoryId)
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> result(rs))
                    .list());
    return Paging.page(rows, limit, r -> r.digest().toString());
  }

  @Override
  public List<PreviewResult> previewResults(String repositoryId, Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return List.of();
    }
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + RESULT_COLUMNS
                        + " FROM lifecycle_preview_results WHERE repository_id = :id AND digest IN"
                        + " (<digests>) ORDER BY digest")
                .bind("id", repositoryId)
                .bindList("digests", digests.stream().map(Digest::toString).distinct().toList())
                .map((rs, ctx) -> result(rs))
                .list());
  }

  @Override
  public Map<String, Integer> previewActionCounts(String repositoryId) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    db.read(
        h ->
            h.createQuery(
                    "SELECT action, COUNT(*) FROM lifecycle_preview_results WHERE repository_id ="
                        + " :id GROUP BY action ORDER BY action")
                .bind("id", repositoryId)
                .map((rs, ctx) -> counts.put(rs.getString(1), rs.getInt(2)))
                .list());
    return counts;
  }

  @Override
  public Set<Digest> manifestsListedByIndexes(String repositoryId) {
    return new HashSet<>(
        db.read(
            h ->
                h.createQuery(
                        "SELECT DISTINCT ref_digest FROM manifest_references WHERE repository_id ="
                            + " :id AND kind = 'MANIFEST'")
                    .bind("id", repositoryId)
                    .map((rs, ctx) -> Digest.of(rs.getString(1)))
                    .list()));
  }

  private static PreviewResult result(ResultSet rs) throws SQLException {
    return new PreviewResult(
        Digest.of(rs.getString(1)),
        tags(rs.getString(2)),
        Instant.ofEpochMilli(rs.getLong(3)),
        rs.getString(4),
        Optional.ofNullable(rs.getString(5)),
        rs.getInt(6),
        rs.getString(7));
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static String json(List<String> tags) {
    try {
      return Json.mapper().writeValueAsString(tags);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("failed to encode tags", e);
    }
  }

  private static List<String> tags(String json) {
    try {
      return Json.mapper().readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("failed to decode stored tags", e);
    }
  }
}
