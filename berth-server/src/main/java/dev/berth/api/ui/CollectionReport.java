package dev.berth.api.ui;

import java.time.Instant;

/**
 * The last garbage collection of the node's stores, as the registry page shows it (the composition
 * root reads it from the collector).
 *
 * @param blobsRemoved unreferenced blobs removed, with {@code bytesRemoved}
 * @param orphansRemoved files without a metadata row removed, with {@code orphanBytes}
 * @param linksExpired repository links no manifest used, past the grace period
 * @param uploadsPurged idle upload sessions and staged uploads without a session
 */
public record CollectionReport(
    Instant startedAt,
    Instant finishedAt,
    long blobsRemoved,
    long bytesRemoved,
    long orphansRemoved,
    long orphanBytes,
    long linksExpired,
    long uploadsPurged) {}
