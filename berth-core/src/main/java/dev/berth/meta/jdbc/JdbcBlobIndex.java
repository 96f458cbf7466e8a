package dev.berth.meta.jdbc;

import dev.berth.meta.BlobIndex;
import dev.berth.model.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

final class JdbcBlobIndex implements BlobIndex {
  private final JdbcDatabase db;

  JdbcBlobIndex(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean recordBlob(Digest digest, long size, Instant now) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO blobs (digest, size, created_at, state, touched_at)"
                            + " VALUES (:d, :size, :at, 'LIVE', :at) ON CONFLICT (digest)"
                            + " DO UPDATE SET touched_at = CASE WHEN excluded.touched_at > blobs.touched_at"
                            + " THEN excluded.touched_at ELSE blobs.touched_at END"
                            + " WHERE blobs.state = 'LIVE'")
                    .bind("d", digest.toString())
                    .bind("size", size)
                    .bind("at", now.toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public Optional<Long> blobSize(Digest digest) {
    return db.read(
        h ->
            h.createQuery("SELECT size FROM blobs WHERE digest = :d")
                .bind("d", digest.toString())
                .mapTo(Long.class)
                .findOne());
  }

  @Override
  public BlobTotals totals() {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM blobs")
                .map((rs, ctx) -> new BlobTotals(rs.getLong(1), rs.getLong(2)))
                .one());
  }

  @Override
  public boolean link(String repo, Digest digest, Instant now) {
    // INSERT ... SELECT with a WHERE: no row for a DELETING (or absent) blob. SQLite needs the
    // WHERE to parse the upsert clause after a SELECT.
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO repository_blobs (repository_id, digest, linked_at)"
                            + " SELECT :repo, digest, :at FROM blobs"
                            + " WHERE digest = :d AND state = 'LIVE'"
                            + " ON CONFLICT (repository_id, digest)"
                            + " DO UPDATE SET linked_at = CASE WHEN excluded.linked_at > repository_blobs.linked_at"
                            + " THEN excluded.linked_at ELSE repository_blobs.linked_at END")
                    .bind("repo", repo)
                    .bind("d", digest.toString())
                    .bind("at", now.toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public boolean unlink(String repo, Digest digest) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM repository_blobs WHERE repository_id = :repo AND digest = :d")
                    .bind("repo", repo)
                    .bind("d", digest.toString())
                    .execute())
        == 1;
  }

  @Override
  public Optional<Long> linkedSize(String repo, Digest digest) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT b.size FROM repository_blobs l JOIN blobs b ON b.digest = l.digest"
                        + " WHERE l.repository_id = :repo AND l.digest = :d")
                .bind("repo", repo)
                .bind("d", digest.toString())
                .mapTo(Long.class)
                .findOne());
  }

  @Override
  public Map<Digest, Long> linkedSizes(String repo, Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return Map.of();
    }
    Set<String> wanted = new LinkedHashSet<>();
    digests.forEach(d -> wanted.add(d.toString()));
    List<Map.Entry<Digest, Long>> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT b.digest, b.size FROM repository_blobs l JOIN blobs b"
                            + " ON b.digest = l.digest WHERE l.repository_id = :repo"
                            + " AND l.digest IN (<digests>)")
                    .bind("repo", repo)
                    .bindList("digests", List.copyOf(wanted))
                    .map((rs, ctx) -> Map.entry(Digest.of(rs.getString(1)), rs.getLong(2)))
                    .list());
    Map<Digest, Long> out = new HashMap<>();
    rows.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public Set<Digest> unlinked(String repo, Collection<Digest> digests) {
    if (digests.isEmpty()) {
      return Set.of();
    }
    Set<String> wanted = new LinkedHashSet<>();
    digests.forEach(d -> wanted.add(d.toString()));
    List<String> found =
        db.read(
            h ->
                h.createQuery(
                        "SELECT digest FROM repository_blobs WHERE repository_id = :repo"
                            + " AND digest IN (<digests>)")
                    .bind("repo", repo)
                    .bindList("digests", List.copyOf(wanted))
                    .mapTo(String.class)
                    .list());
    Set<String> missing = new LinkedHashSet<>(wanted);
    found.forEach(missing::remove);
    Set<Digest> out = new HashSet<>();
    missing.forEach(s -> out.add(Digest.of(s)));
    return out;
  }
}
