package dev.berth.meta.jdbc;

import dev.berth.meta.GcRunSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The one row of {@code gc_state}: the last run's summary. */
final class JdbcGcState {
  private final JdbcDatabase db;

  JdbcGcState(JdbcDatabase db) {
    this.db = db;
  }

  void recordRun(GcRunSummary r) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE gc_state SET last_started_at = :started, last_finished_at = :finished,"
                        + " last_dry_run = :dry, last_blobs_removed = :blobs,"
                        + " last_bytes_removed = :bytes, last_orphans_removed = :orphans,"
                        + " last_orphan_bytes = :orphanBytes, last_links_expired = :links,"
                        + " last_sessions_purged = :sessions, last_staging_removed = :staging"
                        + " WHERE id = 1")
                .bind("started", r.startedAt().toEpochMilli())
                .bind("finished", r.finishedAt().toEpochMilli())
                .bind("dry", r.dryRun() ? 1 : 0)
                .bind("blobs", r.blobsRemoved())
                .bind("bytes", r.bytesRemoved())
                .bind("orphans", r.orphansRemoved())
                .bind("orphanBytes", r.orphanBytes())
                .bind("links", r.linksExpired())
                .bind("sessions", r.sessionsPurged())
                .bind("staging", r.stagingRemoved())
                .execute());
  }

  Optional<GcRunSummary> lastRun() {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM gc_state WHERE id = 1 AND last_finished_at IS NOT NULL")
                .map((rs, ctx) -> summary(rs))
                .findOne());
  }

  private static GcRunSummary summary(ResultSet rs) throws SQLException {
    return new GcRunSummary(
        Instant.ofEpochMilli(rs.getLong("last_started_at")),
        Instant.ofEpochMilli(rs.getLong("last_finished_at")),
        rs.getInt("last_dry_run") == 1,
        rs.getLong("last_blobs_removed"),
        rs.getLong("last_bytes_removed"),
        rs.getLong("last_orphans_removed"),
        rs.getLong("last_orphan_bytes"),
        rs.getLong("last_links_expired"),
        rs.getLong("last_sessions_purged"),
        rs.getLong("last_staging_removed"));
  }
}
