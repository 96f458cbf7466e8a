/**
 * A SHA-256 whose running state can be saved with an upload session and restored on any node, so an
 * upload continues where its last chunk ended without rereading its bytes.
 */
@NullMarked
package dev.berth.hash;

import org.jspecify.annotations.NullMarked;
