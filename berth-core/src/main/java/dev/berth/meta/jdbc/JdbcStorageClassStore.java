package dev.berth.meta.jdbc;

import dev.berth.meta.StorageClassStore;
import dev.berth.model.Digest;
import dev.berth.model.ImageState;
import dev.berth.model.ImageStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Image statuses and the blob tier queue (schema: V8__archive.sql). */
final class JdbcStorageClassStore implements StorageClassStore {
  private static final String BLOB_KINDS = "('CONFIG', 'LAYER')";

  /** The upsert of the queue: a blob queued again gets a new generation. */
  private static final String QUEUE =
      "INSERT INTO blob_tier_queue (digest, generation, queued_at) SELECT DISTINCT r.ref_digest,"
          + " 1, :at FROM manifest_references r WHERE r.repository_id = :repo"
          + " AND r.manifest_digest = :d AND r.kind IN "
          + BLOB_KINDS;

  private static final String ON_CONFLICT =
      " ON CONFLICT (digest) DO UPDATE SET generation = blob_tier_queue.generation + 1,"
          + " queued_at = excluded.queued_at";

  /** Manifests referencing {@code :d} as a layer or config, joined with their status. */
  private static final String USERS =
      "manifest_references r JOIN manifests m ON m.repository_id = r.repository_id"
          + " AND m.digest = r.manifest_digest WHERE r.ref_digest = :d AND r.kind IN "
          + BLOB_KINDS;

  private final JdbcDatabase db;

  JdbcStorageClassStore(JdbcDatabase db) {
    this.db = db;
  }

  /** The state columns ({@code image_status, last_archived_at, last_activated_at}) of a row. */
  static ImageState state(ResultSet rs) throws SQLException {
    ImageStatus status = ImageStatus.valueOf(rs.getString("image_status"));
    Optional<Instant> archived = time(rs, "last_archived_at");
    Optional<Instant> activated = time(rs, "last_activated_at");
    if (status == ImageStatus.ACTIVE && archived.isEmpty() && activated.isEmpty()) {
      return ImageState.ACTIVE;
    }
    return new ImageState(status, archived, activated);
  }

  private static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  /** SQL for a status filter: {@code ('ACTIVE', 'ARCHIVED')} from enum names only. */
  static String statusList(Set<ImageStatus> statuses) {
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("no image status to filter on");
    }
    return "("
        + String.join(", ", statuses.stream().sorted().map(s -> "'" + s.name() + "'").toList())
        + ")";
  }

  @Override
  public boolean transition(
      String repo, Digest digest, ImageStatus from, ImageStatus to, Instant at) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE manifests SET image_status = :to,"
                            + " last_archived_at = CASE WHEN :to = 'ARCHIVED' THEN :at"
                            + " ELSE last_archived_at END,"
                            + " last_activated_at = CASE WHEN :to = 'ACTIVE' THEN :at"
                            + " ELSE last_activated_at END"
                            + " WHERE repository_id = :repo AND digest = :d"
                            + " AND image_status = :from")
                    .bind("to", to.name())
                    .bind("from", from.name())
                    .bind("at", at.toEpochMilli())
                    .bind("repo", repo)
                    .bind("d", digest.toString())
                    .execute())
        == 1;
  }

  @Override
  public boolean pushed(String repo, Digest digest, Instant at) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  h.createUpdate(
                          QUEUE
                              + " AND EXISTS (SELECT 1 FROM manifest_references o JOIN manifests m"
                              + " ON m.repository_id = o.repository_id"
                              + " AND m.digest = o.manifest_digest WHERE o.ref_digest = r.ref_digest"
                              + " AND o.kind IN "
                              + BLOB_KINDS
                              + " AND m.image_status <> 'ACTIVE')"
                              + ON_CONFLICT)
                      .bind("at", at.toEpochMilli())
                      .bind("repo", repo)
                      .bind("d", digest.toString())
                      .execute();
                  return h.createUpdate(
                              "UPDATE manifests SET image_status = 'ACTIVE',"
                                  + " last_activated_at = :at WHERE repository_id = :repo"
                                  + " AND digest = :d AND image_status <> 'ACTIVE'")
                          .bind("at", at.toEpochMilli())
                          .bind("repo", repo)
                          .bind("d", digest.toString())
                          .execute()
                      == 1;
                }));
  }

  @Override
  public List<ImageKey> withStatus(ImageStatus status, int limit) {
    if (status == ImageStatus.ACTIVE) {
      throw new IllegalArgumentException("listing ACTIVE images this way is not supported");
    }
    return db.read(
        h ->
            h.createQuery(
                    "SELECT repository_id, digest FROM manifests WHERE image_status = :s"
                        + " AND image_status <> 'ACTIVE' ORDER BY image_status, repository_id,"
                        + " digest LIMIT :limit")
                .bind("s", status.name())
                .bind("limit", limit)
                .map((rs, ctx) -> new ImageKey(rs.getString(1), Digest.of(rs.getString(2))))
                .list());
  }

  @Override
  public List<Digest> children(String repo, Digest index) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT ref_digest FROM manifest_references WHERE repository_id = :repo"
                        + " AND manifest_digest = :d AND kind = 'MANIFEST' ORDER BY ordinal")
                .bind("repo", repo)
                .bind("d", index.toString())
                .map((rs, ctx) -> Digest.of(rs.getString(1)))
                .list());
  }

  @Override
  public boolean listedByIndex(
      String repo, Digest digest, Set<ImageStatus> statuses, Set<Digest> excluding) {
    List<String> indexes =
        db.read(
            h ->
                h.createQuery(
                        "SELECT r.manifest_digest FROM manifest_references r JOIN manifests m"
                            + " ON m.repository_id = r.repository_id"
                            + " AND m.digest = r.manifest_digest WHERE r.ref_digest = :d"
                            + " AND r.repository_id = :repo AND r.kind = 'MANIFEST'"
                            + " AND m.image_status IN "
                            + statusList(statuses))
                    .bind("d", digest.toString())
                    .bind("repo", repo)
                    .mapTo(String.class)
                    .list());
    Set<String> excluded = new HashSet<>();
    excluding.forEach(d -> excluded.add(d.toString()));
    return indexes.stream().anyMatch(i -> !excluded.contains(i));
  }

  @Override
  public List<Digest> blobsOf(String repo, Digest digest) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT DISTINCT ref_digest FROM manifest_references WHERE repository_id = :repo"
                        + " AND manifest_digest = :d AND kind IN "
                        + BLOB_KINDS
                        + " ORDER BY ref_digest")
                .bind("repo", repo)
                .bind("d", digest.toString())
                .map((rs, ctx) -> Digest.of(rs.getString(1)))
                .list());
  }

  @Override
  public void queueBlobsOf(String repo, Digest digest, Instant at) {
    db.write(
        h ->
            h.createUpdate(QUEUE + ON_CONFLICT)
                .bind("at", at.toEpochMilli())
                .bind("repo", repo)
                .bind("d", digest.toString())
                .execute());
  }

  @Override
  public List<QueuedBlob> queuedBlobs(int limit) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT digest, generation FROM blob_tier_queue ORDER BY queued_at, digest"
                        + " LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new QueuedBlob(Digest.of(rs.getString(1)), rs.getLong(2)))
                .list());
  }

  @Override
  public void dequeue(QueuedBlob blob) {
    db.write(
        h ->
            h.createUpdate("DELETE FROM blob_tier_queue WHERE digest = :d AND generation = :g")
                .bind("d", blob.digest().toString())
                .bind("g", blob.generation())
                .execute());
  }

  @Override
  public Placement placement(Digest blob) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT EXISTS (SELECT 1 FROM "
                        + USERS
                        + " AND m.image_status IN ('ACTIVE', 'ACTIVATING')),"
                        + " EXISTS (SELECT 1 FROM repository_blobs l WHERE l.digest = :d"
                        + " AND NOT EXISTS (SELECT 1 FROM manifest_references u"
                        + " WHERE u.repository_id = l.repository_id AND u.ref_digest = :d"
                        + " AND u.kind IN "
                        + BLOB_KINDS
                        + ")),"
                        + " EXISTS (SELECT 1 FROM "
                        + USERS
                        + " AND m.image_status = 'ARCHIVED')")
                .bind("d", blob.toString())
                .map(
                    (rs, ctx) -> {
                      if (rs.getBoolean(1) || rs.getBoolean(2)) {
                        return Placement.STANDARD;
                      }
                      return rs.getBoolean(3) ? Placement.ARCHIVE : Placement.UNREFERENCED;
                    })
                .one());
  }

  @Override
  public boolean usedOnlyByInactive(String repo, Digest blob) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) > 0 AND COALESCE(SUM(CASE WHEN m.image_status = 'ACTIVE'"
                        + " THEN 1 ELSE 0 END), 0) = 0 FROM "
                        + USERS
                        + " AND r.repository_id = :repo")
                .bind("d", blob.toString())
                .bind("repo", repo)
                .mapTo(Boolean.class)
                .one());
  }
}
