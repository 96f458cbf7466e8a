/**
 * Online garbage collection (issue 10): removes blob bytes no manifest references, files in the
 * blob store without a row, and abandoned uploads, while pushes, pulls, mounts and deletes go on.
 * Depends on {@code blob}, {@code meta} and leaves; wired by {@code app} (schedule) and {@code cli}
 * ({@code berth gc}).
 *
 * <h2>The protocol</h2>
 *
 * <p><b>State.</b> A blob row ({@code blobs}) is {@code LIVE} or {@code DELETING} and carries
 * {@code touched_at}, when an upload last inserted or confirmed it. A link ({@code
 * repository_blobs}) carries {@code linked_at}, when an upload or mount last made or refreshed it.
 * The collector lease is the {@code gc} row of {@code leases} (package {@code dev.berth.lease});
 * one row of {@code gc_state} holds the last run's summary.
 *
 * <p><b>Invariants.</b> (1) A link exists only once the blob's bytes are durable. (2) Reads ({@code
 * /v2} HEAD/GET, GetDownloadUrlForLayer), mounts, BatchCheckLayerAvailability and manifest puts
 * only ever go through links. (3) A blob whose row is DELETING never gains a link. (4) The
 * collector deletes bytes only of rows it has itself marked DELETING (or, after a crash, a DELETING
 * row it finds while holding the lease), and deletes such a row only after its bytes.
 *
 * <p><b>Upload complete</b> ({@code UploadService.complete}), rows before bytes:
 *
 * <ol>
 *   <li>the hash is verified;
 *   <li>T_a (one statement): insert the row LIVE with {@code touched_at = now}, or set {@code
 *       touched_at = now} on the LIVE row. If the row is DELETING nothing changes and the upload
 *       polls until the collector has removed it (at most 30 s), then inserts; if it is still
 *       DELETING the answer is the retryable {@code BLOB_UPLOAD_INVALID} "the blob is being
 *       garbage-collected; retry the upload" and the session keeps its staged bytes;
 *   <li>the staged bytes are committed (a no-op when the blob exists: the fresh {@code touched_at}
 *       keeps the collector off it for the grace period);
 *   <li>T_b (one transaction): the repository still exists, the session row is deleted, and the
 *       link is made only for a LIVE row ({@code INSERT ... SELECT ... WHERE state = 'LIVE'},
 *       {@code linked_at = now}) whose bytes are present. Either fails only if the collector took
 *       the row between T_a and T_b, which a grace period longer than the commit rules out; then
 *       T_b rolls back, the session goes (its bytes went with the commit) and the answer is {@code
 *       BLOB_UPLOAD_UNKNOWN}, so the client uploads again. A LIVE row seen in T_b cannot be losing
 *       its bytes: a deletion holds its row DELETING until the bytes are gone.
 * </ol>
 *
 * A crash between T_a and the commit leaves a LIVE row without bytes and without a link: it is
 * never served (no link) and is collected after the grace period.
 *
 * <p><b>Mount</b> reads the source's link and makes the target's in one transaction; the source's
 * link keeps the row LIVE (only unlinked rows are marked). <b>Manifest put</b> checks every config
 * and layer link in the transaction that stores the manifest and its references; from then on the
 * references keep the links and the blobs.
 *
 * <p><b>Deleted content is gone.</b> Deleting a manifest ({@code ImageStore.deleteManifest}, used
 * by DELETE on {@code /v2}, BatchDeleteImage and lifecycle expiry) unlinks, in the same
 * transaction, every blob the manifest listed as config or layer that no other manifest of the
 * repository references, unless its {@code linked_at} is later than the manifest's {@code
 * pushed_at} (a newer link is a fresh upload or mount and keeps its grace period). Deleting a
 * repository deletes its links with it. So a deleted layer stops being served by that repository at
 * once, before its bytes are removed.
 *
 * <p><b>One collection</b> ({@link dev.berth.gc.GarbageCollector#run}); each step pages in key
 * order (keyset, batches of 500) or streams the blob store's listing, so memory does not grow with
 * the store:
 *
 * <ol>
 *   <li><b>Lease.</b> Taken by compare-and-set on {@code leases}; refused while another holder's
 *       lease is live (it lapses 10 minutes after its last renewal, renewed between batches; a
 *       holder that was a process on this host that no longer runs is taken over at once). One
 *       collector at a time across processes: a node's schedule and {@code berth gc} on the same
 *       data directory.
 *   <li><b>Interrupted deletions.</b> Holding the lease, every DELETING row was left by a collector
 *       that died: its bytes are deleted (idempotent), then the row.
 *   <li><b>Link expiry.</b> Links no manifest of their repository references, with {@code
 *       linked_at} older than now minus the grace period, are deleted by one statement per batch
 *       that re-checks age and absence of references (a manifest put committed since the listing
 *       keeps them).
 *   <li><b>Unreferenced blobs.</b> Per candidate one conditional statement: {@code UPDATE blobs SET
 *       state = 'DELETING' WHERE digest = ? AND state = 'LIVE' AND touched_at < cutoff AND NOT
 *       EXISTS (any link) AND NOT EXISTS (any manifest reference)}. Only rows it changed have their
 *       bytes deleted, then the row ({@code WHERE state = 'DELETING'}).
 *   <li><b>Orphan files.</b> The blob store's listing streams (digest, size, last modified). For
 *       files older than the grace period, one query per batch finds which have no row; each is
 *       claimed by inserting a DELETING row (doing nothing if an upload's row appeared meanwhile),
 *       its bytes are deleted, then the row. An upload of that digest in T_a sees DELETING and
 *       waits.
 *   <li><b>Abandoned uploads.</b> Sessions idle past {@code upload-expiry} are deleted by a
 *       statement re-checking the idle time, then their staged bytes; staging entries with no
 *       session row, older than the grace period, are discarded (a session's staging is created
 *       just before its row; a node-local lock would not protect it from another process).
 *   <li>The summary is stored (not for a dry run) and the lease released.
 * </ol>
 *
 * A <b>dry run</b> makes the same selection and writes nothing but the lease; it counts the blobs
 * whose only links would expire as removable, as a real run would remove them. Progress is reported
 * at most once per interval.
 *
 * <p><b>Why it is safe.</b> Every collector change is one statement re-checking its whole condition
 * in the writer's transaction, and every registry change that could invalidate it (T_a, T_b, mount,
 * manifest put, manifest delete) is one transaction too; SQLite runs writers one at a time ({@code
 * BEGIN IMMEDIATE}), so each pair is ordered. A manifest put ordered before a mark sees the links
 * and stores references that make the mark fail; ordered after, it finds no link and answers {@code
 * MANIFEST_BLOB_UNKNOWN}, so the client re-uploads. An upload's T_a before a mark refreshes {@code
 * touched_at} so the mark fails; after it, T_a waits for the row to go. A kill -9 at any point
 * leaves at worst DELETING rows (finished by the next run), LIVE rows without bytes or links, or
 * files without rows (both collected later); never a link without bytes.
 *
 * <p><b>Object stores.</b> Nothing here relies on the filesystem: the store is asked to list (by
 * prefix, streamed), stat, delete and commit; no rename, no locks in the store. The grace period
 * also covers listings that lag behind writes.
 *
 * <p><b>PostgreSQL (issue 12).</b> Writers there run concurrently, so each conditional statement
 * must not rely on {@code BEGIN IMMEDIATE}: either run T_a, T_b, mount, manifest put and the
 * collector's marking, orphan claim and link expiry at {@code SERIALIZABLE} (retrying on
 * serialization failures), or take row locks: {@code SELECT ... FROM blobs WHERE digest = ? FOR
 * UPDATE} before linking (T_b, mount) and in the mark (so a link insert and a mark of the same
 * digest serialise on the blob row), {@code FOR SHARE} on the link rows a manifest put checks (so
 * link expiry's delete waits for it), and the lease's compare-and-set as {@code UPDATE ... WHERE
 * holder IS NOT DISTINCT FROM ?}. The claim of an orphan needs no lock ({@code INSERT ... ON
 * CONFLICT DO NOTHING} is atomic).
 *
 * <p><b>Known limit.</b> A collector stalled for longer than its lease (10 minutes without
 * renewing, e.g. a suspended process) could wake and delete bytes of a batch it marked before
 * another collector finished and an upload re-created the blob; fencing that would need a
 * conditional delete in the blob store.
 */
package dev.berth.gc;
