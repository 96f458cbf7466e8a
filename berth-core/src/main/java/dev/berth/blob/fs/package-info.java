/**
 * Filesystem blob store. Layout under the root directory:
 *
 * <pre>
 * blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   committed blobs of the standard tier, immutable
 * uploads/&lt;staging key&gt;                          staged bytes of an upload session
 * tier-tmp/                                        partial copies moving into the standard tier
 * </pre>
 *
 * and under the archive root ({@code archive-dir}; default {@code <root>/archive}), possibly on
 * another volume:
 *
 * <pre>
 * blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   committed blobs of the archive tier
 * tmp/                                             partial copies moving into the archive tier
 * </pre>
 *
 * A blob appears only by an atomic rename of a fully written and fsynced file, followed by an fsync
 * of the directory, so a crash never exposes a partial blob. A move between tiers removes the
 * source only after the destination is durable (see {@code FileTiers}).
 */
package dev.berth.blob.fs;
