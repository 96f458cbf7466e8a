package dev.berth.meta.jdbc;

import dev.berth.meta.BlobLink;
import dev.berth.meta.GcRunSummary;
import dev.berth.meta.GcStore;
import dev.berth.meta.UploadSession;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * The collector's statements. Reads run on the reader pool (each a snapshot); every change
 * re-checks its condition in the changing statement, inside the writer's transaction. SQLite
 * serialises writers (BEGIN IMMEDIATE), so a conditional statement and a concurrent upload, mount
 * or manifest put never interleave.
 */
final class JdbcGcStore implements GcStore {
  /** A link no manifest of its repository references. */
  private static final String UNREFERENCED_LINK =
      " NOT EXISTS (SELECT 1 FROM manifest_references r"
          + " WHERE r.repository_id = repository_blobs.repository_id"
          + " AND r.ref_digest = repository_blobs.digest)";

  private final JdbcDatabase db;
  private final JdbcGcState state;

  JdbcGcStore(JdbcDatabase db) {
    this.db = db;
    this.state = new JdbcGcState(db);
  }

  @Override
  public void recordRun(GcRunSummary run) {
    state.recordRun(run);
  }

  @Override
  public Optional<GcRunSummary> lastRun() {
    return state.lastRun();
  }

  @Override
  public List<BlobInfo> deleting(Optional<Digest> after, int limit) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT digest, size FROM blobs WHERE state = 'DELETING' AND digest > :after"
                        + " ORDER BY digest LIMIT :limit")
                .bind("after", after.map(Digest::toString).orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> new BlobInfo(Digest.of(rs.getString(1)), rs.getLong(2)))
                .list());
  }

  @Override
  public int removeDeleting(Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return 0;
    }
    return db.write(
        h ->
            h.createUpdate("DELETE FROM blobs WHERE state = 'DELETING' AND digest IN (<digests>)")
                .bindList("digests", strings(digests))
                .execute());
  }

  @Override
  public List<BlobLink> expirableLinks(Optional<BlobLink> after, Instant cutoff, int limit) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT repository_id, digest FROM repository_blobs"
                        + " WHERE (digest, repository_id) > (:d, :r)"
                        + " AND linked_at < :cutoff AND"
                        + UNREFERENCED_LINK
                        + " ORDER BY digest, repository_id LIMIT :limit")
                .bind("d", after.map(l -> l.digest().toString()).orElse(""))
                .bind("r", after.map(BlobLink::repositoryId).orElse(""))
                .bind("cutoff", cutoff.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new BlobLink(rs.getString(1), Digest.of(rs.getString(2))))
                .list());
  }

  @Override
  public int expireLinks(Collection<BlobLink> links, Instant cutoff) {
    if (links.isEmpty()) {
      return 0;
    }
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < links.size(); i++) {
      values
          .append(i == 0 ? "" : ", ")
          .append("(:r")
          .append(i)
          .append(", :d")
          .append(i)
          .append(')');
    }
    return db.write(
        h -> {
          Update u =
              h.createUpdate(
                  "DELETE FROM repository_blobs WHERE (repository_id, digest) IN (VALUES "
                      + values
                      + ") AND linked_at < :cutoff AND"
                      + UNREFERENCED_LINK);
          int i = 0;
          for (BlobLink l : links) {
            u.bind("r" + i, l.repositoryId()).bind("d" + i, l.digest().toString());
            i++;
          }
          return u.bind("cutoff", cutoff.toEpochMilli()).execute();
        });
  }

  @Override
  public List<BlobInfo> unreferenced(Optional<Digest> after, Instant cutoff, int limit) {
    // No manifest anywhere references the digest, so any link it has is unreferenced in its
    // repository: only a link younger than the cutoff keeps the blob.
    return db.read(
        h ->
            h.createQuery(
                    "SELECT b.digest, b.size FROM blobs b WHERE b.state = 'LIVE'"
                        + " AND b.digest > :after AND b.touched_at < :cutoff"
                        + " AND NOT EXISTS (SELECT 1 FROM manifest_references r"
                        + " WHERE r.ref_digest = b.digest)"
                        + " AND NOT EXISTS (SELECT 1 FROM repository_blobs l"
                        + " WHERE l.digest = b.digest AND l.linked_at >= :cutoff)"
                        + " ORDER BY b.digest LIMIT :limit")
                .bind("after", after.map(Digest::toString).orElse(""))
                .bind("cutoff", cutoff.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> new BlobInfo(Digest.of(rs.getString(1)), rs.getLong(2)))
                .list());
  }

  @Override
  public Set<Digest> markDeleting(Collection<Digest> digests, Instant cutoff) {
    if (digests.isEmpty()) {
      return Set.of();
    }
    List<Digest> list = List.copyOf(new LinkedHashSet<>(digests));
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  PreparedBatch batch =
                      h.prepareBatch(
                          "UPDATE blobs SET state = 'DELETING' WHERE digest = :d"
                              + " AND state = 'LIVE' AND touched_at < :cutoff"
                              + " AND NOT EXISTS (SELECT 1 FROM repository_blobs l"
                              + " WHERE l.digest = :d)"
                              + " AND NOT EXISTS (SELECT 1 FROM manifest_references r"
                              + " WHERE r.ref_digest = :d)");
                  for (Digest d : list) {
                    batch.bind("d", d.toString()).bind("cutoff", cutoff.toEpochMilli()).add();
                  }
                  return changed(list, batch.execute());
                }));
  }

  /** The digests whose statement in the batch changed a row. */
  private static Set<Digest> changed(List<Digest> digests, int[] counts) {
    Set<Digest> out = new LinkedHashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 1) {
        out.add(digests.get(i));
      }
    }
    return out;
  }

  @Override
  public Set<Digest> recorded(Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return Set.of();
    }
    List<String> found =
        db.read(
            h ->
                h.createQuery("SELECT digest FROM blobs WHERE digest IN (<digests>)")
                    .bindList("digests", strings(digests))
                    .mapTo(String.class)
                    .list());
    Set<Digest> out = new HashSet<>();
    found.forEach(s -> out.add(Digest.of(s)));
    return out;
  }

  @Override
  public Set<Digest> claimOrphans(Collection<BlobInfo> blobs, Instant now) {
    if (blobs.isEmpty()) {
      return Set.of();
    }
    List<BlobInfo> list = List.copyOf(blobs);
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  PreparedBatch batch =
                      h.prepareBatch(
                          "INSERT INTO blobs (digest, size, created_at, state, touched_at)"
                              + " VALUES (:d, :size, :at, 'DELETING', :at)"
                              + " ON CONFLICT (digest) DO NOTHING");
                  for (BlobInfo b : list) {
                    batch
                        .bind("d", b.digest().toString())
                        .bind("size", b.size())
                        .bind("at", now.toEpochMilli())
                        .add();
                  }
                  return changed(list.stream().map(BlobInfo::digest).toList(), batch.execute());
                }));
  }

  @Override
  public List<UploadSession> idleSessions(Optional<String> after, Instant cutoff, int limit) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM upload_sessions WHERE updated_at < :cutoff AND id > :after"
                        + " ORDER BY id LIMIT :limit")
                .bind("cutoff", cutoff.toEpochMilli())
                .bind("after", after.orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> JdbcUploadSessionStore.map(rs))
                .list());
  }

  @Override
  public boolean purgeIdleSession(String id, Instant cutoff) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM upload_sessions WHERE id = :id AND updated_at < :cutoff")
                    .bind("id", id)
                    .bind("cutoff", cutoff.toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public Set<String> sessions(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        db.read(
            h ->
                h.createQuery("SELECT id FROM upload_sessions WHERE id IN (<ids>)")
                    .bindList("ids", List.copyOf(new LinkedHashSet<>(ids)))
                    .mapTo(String.class)
                    .list()));
  }

  private static List<String> strings(Collection<Digest> digests) {
    Set<String> out = new LinkedHashSet<>();
    digests.forEach(d -> out.add(d.toString()));
    return List.copyOf(out);
  }
}
