package dev.berth.meta.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.common.Json;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;

/**
 * One page of a subject's referrers from {@code manifests} and {@code manifest_annotations}, never
 * touching manifest bodies. Rows are read one at a time and the page stops at the query's count or
 * annotation budget, so a page costs what it returns, however many referrers the subject has.
 */
final class JdbcReferrers {
  private static final TypeReference<Map<String, String>> ANNOTATIONS = new TypeReference<>() {};

  private JdbcReferrers() {}

  static Page<Descriptor> page(JdbcDatabase db, String repo, Digest subject, ReferrerQuery q) {
    if (q.limit() == 0) {
      return new Page<>(List.of(), Optional.empty());
    }
    boolean annotations = q.annotationBytes() > 0;
    String sql =
        "SELECT m.digest, m.media_type, m.artifact_type, m.size, "
            + (annotations
                ? "OCTET_LENGTH(a.annotations) AS annotations_length, a.annotations"
                    + " FROM manifests m LEFT JOIN manifest_annotations a"
                    + " ON a.repository_id = m.repository_id AND a.digest = m.digest"
                : "0 AS annotations_length, NULL AS annotations FROM manifests m")
            + " WHERE m.repository_id = :repo AND m.subject_digest = :s AND m.digest > :after"
            + (q.artifactType().isPresent() ? " AND m.artifact_type = :type" : "")
            + " ORDER BY m.digest LIMIT :limit";
    return db.read(
        h -> {
          Query query =
              h.createQuery(sql)
                  .bind("repo", repo)
                  .bind("s", subject.toString())
                  .bind("after", q.after().orElse(""))
                  .bind("limit", q.limit() + 1);
          q.artifactType().ifPresent(t -> query.bind("type", t));
          return query.scanResultSet((rows, ctx) -> collect(rows.get(), q));
        });
  }

  private static Page<Descriptor> collect(ResultSet rs, ReferrerQuery q) throws SQLException {
    List<Descriptor> items = new ArrayList<>();
    long used = 0;
    boolean more = false;
    while (rs.next()) {
      long length = rs.getLong("annotations_length");
      if (items.size() == q.limit() || (!items.isEmpty() && used + length > q.annotationBytes())) {
        more = true;
        break;
      }
      used += length;
      String text = rs.getString("annotations");
      items.add(
          new Descriptor(
              rs.getString("media_type"),
              Digest.of(rs.getString("digest")),
              rs.getLong("size"),
              Optional.ofNullable(rs.getString("artifact_type")),
              text == null ? Map.of() : parse(text),
              Optional.empty()));
    }
    return new Page<>(
        items,
        more ? Optional.of(items.get(items.size() - 1).digest().toString()) : Optional.empty());
  }

  private static Map<String, String> parse(String json) {
    try {
      return Json.mapper().readValue(json, ANNOTATIONS);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
