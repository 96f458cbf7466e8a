package dev.berth.meta;

import java.time.Instant;

/**
 * What one garbage collection removed, or would have removed in a dry run.
 *
 * @param startedAt when it took the lease
 * @param finishedAt when it ended
 * @param dryRun whether it only counted
 * @param blobsRemoved blobs with a row removed (rows left DELETING by a dead collector included)
 * @param bytesRemoved their bytes
 * @param orphansRemoved files in the blob store without a row
 * @param orphanBytes their bytes
 * @param linksExpired repository links no manifest referenced, past the grace period
 * @param sessionsPurged upload sessions idle past the upload expiry
 * @param stagingRemoved staged uploads without a session, past the grace period
 */
public record GcRunSummary(
    Instant startedAt,
    Instant finishedAt,
    boolean dryRun,
    long blobsRemoved,
    long bytesRemoved,
    long orphansRemoved,
    long orphanBytes,
    long linksExpired,
    long sessionsPurged,
    long stagingRemoved) {}
