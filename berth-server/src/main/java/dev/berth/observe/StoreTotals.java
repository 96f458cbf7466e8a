package dev.berth.observe;

/**
 * Figures read from the metadata store for the gauges.
 *
 * @param blobs blob rows
 * @param blobBytes the sum of their sizes
 * @param uploads open upload sessions
 */
public record StoreTotals(long blobs, long blobBytes, long uploads) {}
