package dev.berth.blob;

import java.time.Instant;

/**
 * A staging entry as a listing sees it.
 *
 * @param key its staging key (an upload session id)
 * @param size bytes staged
 * @param lastModified when bytes were last staged or cut under the key
 */
public record StagedEntry(String key, long size, Instant lastModified) {}
