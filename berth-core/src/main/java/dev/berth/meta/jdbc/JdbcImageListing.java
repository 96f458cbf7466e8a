package dev.berth.meta.jdbc;

import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageState;
import dev.berth.model.ImageStatus;
import dev.berth.model.ImageSummary;
import dev.berth.model.Page;
import dev.berth.model.TagStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The listing queries of the image store (describe images, list image ids). */
final class JdbcImageListing {
  private static final String SUMMARY =
      "SELECT m.digest, m.media_type, m.subject_digest, m.pushed_at, m.last_pulled_at,"
          + " m.image_status, m.last_archived_at, m.last_activated_at,"
          + " (SELECT r.media_type FROM manifest_references r WHERE r.repository_id ="
          + " m.repository_id AND r.manifest_digest = m.digest AND r.kind = 'CONFIG') AS config_type,"
          + " (SELECT COALESCE(SUM(r.size), 0) FROM manifest_references r WHERE r.repository_id ="
          + " m.repository_id AND r.manifest_digest = m.digest AND r.kind IN ('LAYER', 'MANIFEST'))"
          + " AS image_size FROM manifests m WHERE m.repository_id = :repo";
  private static final String HAS_TAG =
      "EXISTS (SELECT 1 FROM tags t WHERE t.repository_id = m.repository_id AND t.digest = m.digest)";
  private static final char SEPARATOR = ' ';

  private final JdbcDatabase db;

  JdbcImageListing(JdbcDatabase db) {
    this.db = db;
  }

  Page<ImageSummary> describe(String repo, Optional<String> after, int limit, TagStatus status) {
    return describe(repo, after, limit, status, EnumSet.allOf(ImageStatus.class));
  }

  Page<ImageSummary> describe(
      String repo, Optional<String> after, int limit, TagStatus status, Set<ImageStatus> statuses) {
    String filter =
        switch (status) {
              case TAGGED -> " AND " + HAS_TAG;
              case UNTAGGED -> " AND NOT " + HAS_TAG;
              case ANY -> "";
            }
            + statusFilter(statuses);
    List<Row> rows =
        db.read(
            h ->
                h.createQuery(
                        SUMMARY
                            + " AND m.digest > :after"
                            + filter
                            + " ORDER BY m.digest LIMIT :limit")
                    .bind("repo", repo)
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> row(rs))
                    .list());
    Page<Row> page = Paging.page(rows, limit, r -> r.digest().toString());
    return new Page<>(withTags(repo, page.items()), page.next());
  }

  List<ImageSummary> describe(String repo, Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return List.of();
    }
    List<Row> rows =
        db.read(
            h ->
                h.createQuery(SUMMARY + " AND m.digest IN (<digests>) ORDER BY m.digest")
                    .bind("repo", repo)
                    .bindList("digests", digests.stream().map(Digest::toString).distinct().toList())
                    .map((rs, ctx) -> row(rs))
                    .list());
    return withTags(repo, rows);
  }

  /** The SQL restricting {@code m} to the statuses; nothing when all are asked for. */
  private static String statusFilter(Set<ImageStatus> statuses) {
    return statuses.containsAll(EnumSet.allOf(ImageStatus.class))
        ? ""
        : " AND m.image_status IN " + JdbcStorageClassStore.statusList(statuses);
  }

  Page<ImageRef> listImageIds(String repo, Optional<String> after, int limit, TagStatus status) {
    return listImageIds(repo, after, limit, status, EnumSet.allOf(ImageStatus.class));
  }

  Page<ImageRef> listImageIds(
      String repo, Optional<String> after, int limit, TagStatus status, Set<ImageStatus> statuses) {
    String afterDigest =
        after.map(a -> a.substring(0, Math.max(0, a.indexOf(SEPARATOR)))).orElse("");
    String afterTag = after.map(a -> a.substring(a.indexOf(SEPARATOR) + 1)).orElse("");
    String filter =
        switch (status) {
              case TAGGED -> " AND t.name IS NOT NULL";
              case UNTAGGED -> " AND t.name IS NULL";
              case ANY -> "";
            }
            + statusFilter(statuses);
    List<ImageRef> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT m.digest, t.name FROM manifests m LEFT JOIN tags t"
                            + " ON t.repository_id = m.repository_id AND t.digest = m.digest"
                            + " WHERE m.repository_id = :repo AND (m.digest > :d OR (m.digest = :d"
                            + " AND COALESCE(t.name, '') > :t))"
                            + filter
                            + " ORDER BY m.digest, COALESCE(t.name, '') LIMIT :limit")
                    .bind("repo", repo)
                    .bind("d", afterDigest)
                    .bind("t", afterTag)
                    .bind("limit", limit + 1)
                    .map(
                        (rs, ctx) ->
                            new ImageRef(
                                Digest.of(rs.getString(1)), Optional.ofNullable(rs.getString(2))))
                    .list());
    return Paging.page(
        rows, limit, r -> r.digest() + String.valueOf(SEPARATOR) + r.tag().orElse(""));
  }

  /** Whether a continuation key from {@link #listImageIds} is well-formed. */
  static boolean isImageIdKey(String key) {
    int i = key.indexOf(SEPARATOR);
    return i > 0 && Digest.parse(key.substring(0, i)).isPresent();
  }

  private List<ImageSummary> withTags(String repo, List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> tags = new HashMap<>();
    db.read(
        h ->
            h.createQuery(
                    "SELECT digest, name FROM tags WHERE repository_id = :repo"
                        + " AND digest IN (<digests>) ORDER BY name")
                .bind("repo", repo)
                .bindList("digests", rows.stream().map(r -> r.digest().toString()).toList())
                .map(
                    (rs, ctx) ->
                        tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(rs.getString(2)))
                .list());
    return rows.stream()
        .map(
            r ->
                new ImageSummary(
                    r.digest(),
                    r.mediaType(),
                    r.configType(),
                    r.subject(),
                    r.size(),
                    r.pushedAt(),
                    r.lastPulledAt(),
                    tags.getOrDefault(r.digest().toString(), List.of()),
                    r.state()))
        .toList();
  }

  private record Row(
      Digest digest,
      String mediaType,
      Optional<String> configType,
      Optional<Digest> subject,
      long size,
      Instant pushedAt,
      Optional<Instant> lastPulledAt,
      ImageState state) {}

  private static Row row(ResultSet rs) throws SQLException {
    long pulled = rs.getLong("last_pulled_at");
    Optional<Instant> lastPulled =
        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(pulled));
    return new Row(
        Digest.of(rs.getString("digest")),
        rs.getString("media_type"),
        Optional.ofNullable(rs.getString("config_type")),
        Optional.ofNullable(rs.getString("subject_digest")).map(Digest::of),
        rs.getLong("image_size"),
        Instant.ofEpochMilli(rs.getLong("pushed_at")),
        lastPulled,
        JdbcStorageClassStore.state(rs));
  }
}
