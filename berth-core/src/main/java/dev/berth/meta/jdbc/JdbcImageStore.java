package dev.berth.meta.jdbc;

import dev.berth.common.Json;
import dev.berth.meta.ImageStore;
import dev.berth.meta.ManifestReference;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageStatus;
import dev.berth.model.ImageSummary;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import dev.berth.model.RepositoryUsage;
import dev.berth.model.Tag;
import dev.berth.model.TagStatus;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

final class JdbcImageStore implements ImageStore {
  private static final String COLUMNS =
      "digest, media_type, artifact_type, subject_digest, content, pushed_at, last_pulled_at,"
          + " image_status, last_archived_at, last_activated_at";
  private final JdbcDatabase db;
  private final JdbcImageListing listing;

  JdbcImageStore(JdbcDatabase db) {
    this.db = db;
    this.listing = new JdbcImageListing(db);
  }

  @Override
  public Page<ImageSummary> describe(
      String repo, Optional<String> after, int limit, TagStatus status) {
    return listing.describe(repo, after, limit, status);
  }

  @Override
  public List<ImageSummary> describe(String repo, Collection<Digest> digests) {
    return listing.describe(repo, digests);
  }

  @Override
  public Page<ImageSummary> describe(
      String repo, Optional<String> after, int limit, TagStatus status, Set<ImageStatus> statuses) {
    return listing.describe(repo, after, limit, status, statuses);
  }

  @Override
  public Page<ImageRef> listImageIds(
      String repo, Optional<String> after, int limit, TagStatus status) {
    return listing.listImageIds(repo, after, limit, status);
  }

  @Override
  public Page<ImageRef> listImageIds(
      String repo, Optional<String> after, int limit, TagStatus status, Set<ImageStatus> statuses) {
    return listing.listImageIds(repo, after, limit, status, statuses);
  }

  @Override
  public boolean isBlobReferenced(String repo, Digest digest) {
    return db.read(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM manifest_references WHERE repository_id = :repo"
                            + " AND kind IN ('CONFIG', 'LAYER') AND ref_digest = :d")
                    .bind("repo", repo)
                    .bind("d", digest.toString())
                    .mapTo(Integer.class)
                    .one())
        > 0;
  }

  @Override
  public boolean isReferencedByIndex(String repo, Digest digest) {
    return db.read(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM manifest_references WHERE repository_id = :repo"
                            + " AND kind = 'MANIFEST' AND ref_digest = :d")
                    .bind("repo", repo)
                    .bind("d", digest.toString())
                    .mapTo(Integer.class)
                    .one())
        > 0;
  }

  @Override
  public boolean insertManifest(
      String repo,
      ManifestRecord m,
      List<ManifestReference> refs,
      Map<String, String> annotations) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  int inserted =
                      h.createUpdate(
                              "INSERT INTO manifests (repository_id, digest, media_type,"
                                  + " artifact_type, subject_digest, size, content, pushed_at)"
                                  + " VALUES (:repo, :digest, :mediaType, :artifactType, :subject,"
                                  + " :size, :content, :pushedAt)"
                                  + " ON CONFLICT (repository_id, digest) DO NOTHING")
                          .bind("repo", repo)
                          .bind("digest", m.digest().toString())
                          .bind("mediaType", m.mediaType())
                          .bind("artifactType", m.artifactType().orElse(null))
                          .bind("subject", m.subject().map(Digest::toString).orElse(null))
                          .bind("size", m.size())
                          .bind("content", m.content())
                          .bind("pushedAt", m.pushedAt().toEpochMilli())
                          .execute();
                  if (inserted == 0) {
                    return false;
                  }
                  if (m.subject().isPresent()) {
                    h.createUpdate(
                            "INSERT INTO manifest_annotations (repository_id, digest, annotations)"
                                + " VALUES (:repo, :digest, :annotations)")
                        .bind("repo", repo)
                        .bind("digest", m.digest().toString())
                        .bind(
                            "annotations",
                            new String(Json.write(annotations), StandardCharsets.UTF_8))
                        .execute();
                  }
                  if (!refs.isEmpty()) {
                    PreparedBatch batch =
                        h.prepareBatch(
                            "INSERT INTO manifest_references (repository_id, manifest_digest,"
                                + " kind, ordinal, ref_digest, media_type, size) VALUES (:repo,"
                                + " :digest, :kind, :ordinal, :ref, :mediaType, :size)");
                    for (ManifestReference r : refs) {
                      batch
                          .bind("repo", repo)
                          .bind("digest", m.digest().toString())
                          .bind("kind", r.kind().name())
                          .bind("ordinal", r.ordinal())
                          .bind("ref", r.digest().toString())
                          .bind("mediaType", r.mediaType())
                          .bind("size", r.size())
                          .add();
                    }
                    batch.execute();
                  }
                  return true;
                }));
  }

  @Override
  public Optional<ManifestRecord> findManifest(String repo, Digest digest) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM manifests WHERE repository_id = :repo AND digest = :digest")
                .bind("repo", repo)
                .bind("digest", digest.toString())
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Optional<Digest> findTag(String repo, Tag tag) {
    return db.read(
        h ->
            h.createQuery("SELECT digest FROM tags WHERE repository_id = :repo AND name = :tag")
                .bind("repo", repo)
                .bind("tag", tag.value())
                .mapTo(String.class)
                .findOne()
                .map(Digest::of));
  }

  @Override
  public Optional<ManifestRecord> findByTag(String repo, Tag tag) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT m.digest, m.media_type, m.artifact_type, m.subject_digest, m.content,"
                        + " m.pushed_at, m.last_pulled_at, m.image_status, m.last_archived_at,"
                        + " m.last_activated_at FROM tags t JOIN manifests m"
                        + " ON m.repository_id = t.repository_id AND m.digest = t.digest"
                        + " WHERE t.repository_id = :repo AND t.name = :tag")
                .bind("repo", repo)
                .bind("tag", tag.value())
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Optional<Digest> putTag(String repo, Tag tag, Digest digest, Instant now) {
    return db.inTransaction(
        () -> {
          Optional<Digest> previous = findTag(repo, tag);
          db.write(
              h ->
                  h.createUpdate(
                          "INSERT INTO tags (repository_id, name, digest, updated_at)"
                              + " VALUES (:repo, :tag, :digest, :at)"
                              + " ON CONFLICT (repository_id, name)"
                              + " DO UPDATE SET digest = excluded.digest,"
                              + " updated_at = excluded.updated_at")
                      .bind("repo", repo)
                      .bind("tag", tag.value())
                      .bind("digest", digest.toString())
                      .bind("at", now.toEpochMilli())
                      .execute());
          return previous;
        });
  }

  @Override
  public boolean deleteTag(String repo, Tag tag) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM tags WHERE repository_id = :repo AND name = :tag")
                    .bind("repo", repo)
                    .bind("tag", tag.value())
                    .execute())
        == 1;
  }

  @Override
  public boolean deleteManifest(String repo, Digest digest) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  String d = digest.toString();
                  h.createUpdate("DELETE FROM tags WHERE repository_id = :repo AND digest = :d")
                      .bind("repo", repo)
                      .bind("d", d)
                      .execute();
                  unlinkDeletedContent(h, repo, d);
                  h.createUpdate(
                          "DELETE FROM manifest_references WHERE repository_id = :repo"
                              + " AND manifest_digest = :d")
                      .bind("repo", repo)
                      .bind("d", d)
                      .execute();
                  return h.createUpdate(
                              "DELETE FROM manifests WHERE repository_id = :repo AND digest = :d")
                          .bind("repo", repo)
                          .bind("d", d)
                          .execute()
                      == 1;
                }));
  }

  /**
   * Deleted content is gone (issue 10): unlinks each blob the manifest lists as config or layer
   * that no other manifest of the repository references, unless its link is newer than the manifest
   * (a fresh upload or mount, which keeps its grace period). Runs before the manifest's references
   * are deleted, in the deleting transaction.
   */
  private static void unlinkDeletedContent(Handle h, String repo, String digest) {
    h.createUpdate(
            "DELETE FROM repository_blobs WHERE repository_id = :repo"
                + " AND digest IN (SELECT ref_digest FROM manifest_references"
                + " WHERE repository_id = :repo AND manifest_digest = :d"
                + " AND kind IN ('CONFIG', 'LAYER'))"
                + " AND linked_at <= (SELECT pushed_at FROM manifests"
                + " WHERE repository_id = :repo AND digest = :d)"
                + " AND NOT EXISTS (SELECT 1 FROM manifest_references r"
                + " WHERE r.repository_id = :repo AND r.ref_digest = repository_blobs.digest"
                + " AND r.manifest_digest <> :d)")
        .bind("repo", repo)
        .bind("d", digest)
        .execute();
  }

  @Override
  public Page<String> listTags(String repo, Optional<String> after, int limit) {
    List<String> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT name FROM tags WHERE repository_id = :repo AND name > :after"
                            + " ORDER BY name LIMIT :limit")
                    .bind("repo", repo)
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .mapTo(String.class)
                    .list());
    return Paging.page(rows, limit, s -> s);
  }

  @Override
  public List<String> tagsOf(String repo, Digest digest) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT name FROM tags WHERE repository_id = :repo AND digest = :d ORDER BY name")
                .bind("repo", repo)
                .bind("d", digest.toString())
                .mapTo(String.class)
                .list());
  }

  @Override
  public Page<Descriptor> referrers(String repo, Digest subject, ReferrerQuery q) {
    return JdbcReferrers.page(db, repo, subject, q);
  }

  @Override
  public void recordPull(String repo, Digest digest, Instant at) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE manifests SET last_pulled_at = :at"
                        + " WHERE repository_id = :repo AND digest = :d")
                .bind("at", at.toEpochMilli())
                .bind("repo", repo)
                .bind("d", digest.toString())
                .execute());
  }

  @Override
  public long countManifests(String repo) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM manifests WHERE repository_id = :repo")
                .bind("repo", repo)
                .mapTo(Long.class)
                .one());
  }

  @Override
  public RepositoryUsage usage(String repo) {
    long bytes =
        db.read(
            h ->
                h.createQuery(
                        "SELECT COALESCE(SUM(size), 0) FROM (SELECT ref_digest, MAX(size) AS size"
                            + " FROM manifest_references WHERE repository_id = :repo"
                            + " AND kind IN ('LAYER', 'CONFIG') GROUP BY ref_digest) distinct_blobs")
                    .bind("repo", repo)
                    .mapTo(Long.class)
                    .one());
    return new RepositoryUsage(countManifests(repo), bytes);
  }

  private static ManifestRecord map(ResultSet rs) throws SQLException {
    long pulled = rs.getLong("last_pulled_at");
    Optional<Instant> lastPulled =
        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(pulled));
    return new ManifestRecord(
        Digest.of(rs.getString("digest")),
        rs.getString("media_type"),
        rs.getBytes("content"),
        Optional.ofNullable(rs.getString("artifact_type")),
        Optional.ofNullable(rs.getString("subject_digest")).map(Digest::of),
        Instant.ofEpochMilli(rs.getLong("pushed_at")),
        lastPulled,
        JdbcStorageClassStore.state(rs));
  }
}
