/**
 * Filesystem blob store. Layout under the root directory:
 *
 * <pre>
 * blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   committed blobs, immutable
 * uploads/&lt;staging key&gt;                          staged bytes of an upload session
 * </pre>
 *
 * A blob appears only by an atomic rename of a fully written and fsynced staging file, followed by
 * an fsync of the directory, so a crash never exposes a partial blob.
 */
package dev.berth.blob.fs;
