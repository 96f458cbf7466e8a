/**
 * ECR's archive storage class: {@link dev.berth.archive.ArchiveService} moves images between
 * ACTIVE, ARCHIVED and ACTIVATING following ECR's rules, and its worker ({@link
 * dev.berth.archive.ArchiveWorker}) moves the bytes between the blob store's tiers.
 *
 * <p>The protocol. Statuses live in the metadata store, which alone decides where a blob belongs:
 * in the standard tier when an ACTIVE or ACTIVATING image in any repository references it (or a
 * repository links it with no manifest there referencing it, an upload waiting for its manifest),
 * in the archive tier when only ARCHIVED images do. Archiving sets the image (and the children of
 * an index that no other active index lists) ARCHIVED and queues its layers and config in one
 * transaction; restoring sets them ACTIVATING. The worker, one at a time, reads a queued blob's
 * placement from the statuses as they then are and moves the bytes (the move is crash-safe in the
 * store), then removes the queue entry unless the blob was queued again meanwhile; for each
 * ACTIVATING image it moves its blobs back and sets it ACTIVE with {@code lastActivatedAt}. A push
 * that shares blobs with inactive images queues them in its storing transaction, so a placement
 * read before the push is corrected after it. Reads find a blob in either tier, so an image sharing
 * a layer with an archived one is never broken, whatever the worker has done yet. After a restart
 * the queue and the ACTIVATING rows are picked up again.
 *
 * <p>Depends on {@code meta}, {@code blob} and leaves; no API or server types.
 */
package dev.berth.archive;
