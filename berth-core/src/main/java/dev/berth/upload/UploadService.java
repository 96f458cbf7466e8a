package dev.berth.upload;

import dev.berth.blob.BlobStore;
import dev.berth.blob.Staged;
import dev.berth.common.DigestingInputStream;
import dev.berth.common.Hashing;
import dev.berth.common.Ids;
import dev.berth.error.ErrorKind;
import dev.berth.error.Errors;
import dev.berth.error.RegistryException;
import dev.berth.hash.ResumableSha256;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.UploadSession;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload sessions. The session row is the truth: its offset, the blob store's record of the staged
 * bytes and the running SHA-256's saved state (issue 12), so any node continues a session where its
 * last durable chunk ended without memory of it and without rereading its bytes; bytes staged
 * beyond the row's offset are ignored. Open sessions are bounded per repository and per owner
 * (issue 9, item 9). Completing an upload follows the garbage-collection protocol of {@code
 * dev.berth.gc}: blob row (T_a), then bytes, then link (T_b).
 */
public final class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

  private final MetadataStore meta;
  private final BlobStore blobs;
  private final Clock clock;
  private final Limits limits;
  private final ConcurrentMap<String, Boolean> busy = new ConcurrentHashMap<>();
  private final Duration deletingWait;

  /** How long a completing upload waits for the collector to finish a blob it is deleting. */
  static final Duration DELETING_WAIT = Duration.ofSeconds(30);

  /**
   * How many sessions may be open at once.
   *
   * @param perRepository open sessions in one repository
   * @param perOwner open sessions of one owner (a principal's ARN, a role's for its sessions)
   */
  public record Limits(int perRepository, int perOwner) {
    public Limits {
      if (perRepository <= 0 || perOwner <= 0) {
        throw new IllegalArgumentException("upload limits must be positive");
      }
    }

    /** Generous defaults: 1000 each. */
    public static Limits defaults() {
      return new Limits(1000, 1000);
    }
  }

  public UploadService(MetadataStore meta, BlobStore blobs, Clock clock) {
    this(meta, blobs, clock, Limits.defaults());
  }

  public UploadService(MetadataStore meta, BlobStore blobs, Clock clock, Limits limits) {
    this(meta, blobs, clock, limits, DELETING_WAIT);
  }

  /** As above, waiting at most {@code deletingWait} for the collector (tests shorten it). */
  UploadService(
      MetadataStore meta, BlobStore blobs, Clock clock, Limits limits, Duration deletingWait) {
    this.meta = meta;
    this.blobs = blobs;
    this.clock = clock;
    this.limits = limits;
    this.deletingWait = deletingWait;
  }

  /**
   * Opens a new session in the repository for {@code owner}; {@code LIMIT_EXCEEDED} when the
   * repository or the owner already has as many open sessions as allowed, {@code
   * REPOSITORY_NOT_FOUND} when the repository was deleted meanwhile. The staging bytes exist before
   * the row, so a row never lacks them.
   */
  public UploadSession start(Repository repo, String owner) {
    Instant now = clock.instant();
    String id = Ids.uuid();
    Staged staged = blobs.begin(id);
    UploadSession s = new UploadSession(id, repo.id(), 0, now, now, staged.token(), new byte[0]);
    try {
      // The limits are counted before the storing transaction, not in it: they bound what one
      // client can hold open, and an overshoot by the starts racing this one is harmless, while
      // counting inside would make every two concurrent starts in a repository conflict on
      // PostgreSQL (each reads the rows the other writes) and run again.
      if (meta.uploads().countInRepository(repo.id()) >= limits.perRepository()) {
        throw tooMany("the repository", limits.perRepository());
      }
      if (meta.uploads().countByOwner(owner) >= limits.perOwner()) {
        throw tooMany("one principal", limits.perOwner());
      }
      meta.transactions()
          .run(
              () -> {
                requireRepository(repo);
                meta.uploads().create(s, owner);
              });
    } catch (RuntimeException e) {
      blobs.discard(s.id());
      throw e;
    }
    return s;
  }

  private static RegistryException tooMany(String who, int limit) {
    return new RegistryException(
        ErrorKind.LIMIT_EXCEEDED,
        "The number of open layer uploads for "
            + who
            + " exceeds the limit of "
            + limit
            + "; complete or cancel uploads, or wait for idle ones to expire");
  }

  /** The session's current state. */
  public UploadSession status(Repository repo, String id) {
    return meta.uploads()
        .find(id)
        .filter(s -> s.repositoryId().equals(repo.id()))
        .orElseThrow(UploadService::gone);
  }

  /**
   * Appends a chunk. When {@code start} is given (a {@code Content-Range}), it must equal the
   * session's offset. The chunk is appended entirely or not at all.
   */
  public UploadSession append(Repository repo, String id, OptionalLong start, InputStream body) {
    return locked(
        id,
        () -> {
          UploadSession s = session(repo, id);
          if (start.isPresent() && start.getAsLong() != s.offset()) {
            throw new RegistryException(
                ErrorKind.RANGE_INVALID,
                "chunk starts at " + start.getAsLong() + " but the upload is at " + s.offset(),
                Map.of("offset", s.offset()));
          }
          return appendLocked(s, body);
        });
  }

  private UploadSession appendLocked(UploadSession s, InputStream body) {
    MessageDigest work = staged(s.id(), () -> runningHash(s));
    DigestingInputStream in = new DigestingInputStream(body, work);
    Staged next;
    try {
      next = staged(s.id(), () -> blobs.append(staged(s), in));
    } catch (IllegalStateException e) {
      throw lost(s.id());
    }
    UploadSession advanced =
        s.advanced(next.length(), next.token(), ResumableSha256.save(work), clock.instant());
    if (!meta.uploads().advance(s.id(), s.offset(), advanced)) {
      if (meta.uploads().find(s.id()).isEmpty()) {
        // The repository (and with it the session) was deleted while the chunk streamed in.
        discard(s.id());
        throw gone();
      }
      // Another node advanced the session meanwhile (a client writing one upload twice at once):
      // its row stands, and what this chunk staged beyond it is ignored.
      throw new RegistryException(
          ErrorKind.BLOB_UPLOAD_INVALID, "the upload was changed concurrently; query its status");
    }
    return advanced;
  }

  private static Staged staged(UploadSession s) {
    return new Staged(s.id(), s.offset(), s.stagingToken());
  }

  /**
   * Appends an optional last chunk, checks the digest and publishes the blob in the repository. A
   * digest mismatch cancels the session.
   */
  public BlobInfo complete(
      Repository repo, String id, Digest expected, Optional<InputStream> lastChunk) {
    return locked(
        id,
        () -> {
          UploadSession s = session(repo, id);
          if (lastChunk.isPresent()) {
            s = appendLocked(s, lastChunk.get());
          }
          UploadSession current = s;
          Digest actual = staged(id, () -> finalDigest(current, expected.algorithm()));
          if (!actual.equals(expected)) {
            discard(s.id());
            throw new RegistryException(
                ErrorKind.DIGEST_INVALID,
                "provided digest did not match uploaded content",
                Map.of("expected", expected.toString(), "actual", actual.toString()));
          }
          long size = s.offset();
          // Row before bytes (see dev.berth.gc): the row, LIVE and freshly touched, keeps the
          // collector off the blob for its grace period while the bytes are committed and linked.
          // A crash after this leaves a row without bytes and without a link: collected later.
          reserve(actual, size);
          staged(
              id,
              () -> {
                try {
                  blobs.commit(staged(current), actual);
                } catch (IllegalStateException e) {
                  // The staged bytes went from under the session (the collector took them for
                  // abandoned): the client starts again.
                  throw lost(id);
                }
                return actual;
              });
          Instant now = clock.instant();
          try {
            meta.transactions()
                .run(
                    () -> {
                      requireRepository(repo);
                      if (!meta.uploads().delete(id)) {
                        throw gone();
                      }
                      // Only a LIVE row is linked, and only while its bytes are there: the
                      // collector took the row between reserve and here if not (possible only
                      // with a grace period shorter than the commit).
                      if (!meta.blobs().link(repo.id(), actual, now)
                          || blobs.size(actual).isEmpty()) {
                        throw new Collected();
                      }
                    });
          } catch (Collected c) {
            // The staged bytes went with the commit: the session goes too, the client uploads
            // again.
            discard(id);
            throw new RegistryException(
                ErrorKind.BLOB_UPLOAD_UNKNOWN,
                "the blob was garbage-collected before the upload completed; upload it again",
                Map.of("digest", actual.toString()));
          }
          return new BlobInfo(actual, size);
        });
  }

  /**
   * Transaction T_a of the protocol: inserts the blob's row LIVE or touches its LIVE row. While the
   * collector holds the row DELETING this waits (polling) for it to finish, up to {@link
   * #deletingWait}; past that the answer is a retryable error and the session keeps its bytes.
   */
  private void reserve(Digest digest, long size) {
    long deadline = System.nanoTime() + deletingWait.toNanos();
    long pause = 10;
    while (!meta.blobs().recordBlob(digest, size, clock.instant())) {
      if (System.nanoTime() - deadline >= 0) {
        throw new RegistryException(
            ErrorKind.BLOB_UPLOAD_INVALID,
            "the blob is being garbage-collected; retry the upload",
            Map.of("digest", digest.toString()));
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(
            ErrorKind.BLOB_UPLOAD_INVALID, "interrupted while the blob was garbage-collected");
      }
      pause = Math.min(pause * 2, 200);
    }
  }

  /** Rolls T_b back when the collector removed the blob between T_a and T_b. */
  private static final class Collected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Collected() {
      super(null, null, false, false);
    }
  }

  /** A single-request upload: the whole blob in one body, checked against {@code expected}. */
  public BlobInfo upload(Repository repo, String owner, Digest expected, InputStream body) {
    UploadSession s = start(repo, owner);
    try {
      return complete(repo, s.id(), expected, Optional.of(body));
    } catch (RuntimeException e) {
      // The client never learns this session's id, so nobody could resume it: drop it now rather
      // than leave it (and its staged bytes) until expiry.
      discard(s.id());
      throw e;
    }
  }

  /** Cancels the session and drops its bytes. */
  public void cancel(Repository repo, String id) {
    locked(
        id,
        () -> {
          session(repo, id);
          discard(id);
          return null;
        });
  }

  /**
   * Links a blob the source repository holds into the target (cross-repository mount). Empty when
   * the source does not link it.
   */
  public Optional<BlobInfo> mount(Repository target, Repository source, Digest digest) {
    return meta.transactions()
        .inTransaction(
            () -> {
              requireRepository(target);
              // The source's link keeps the row LIVE (the collector marks only unlinked rows), so
              // the target's link, made in the same transaction, is to durable bytes.
              Optional<Long> size = meta.blobs().linkedSize(source.id(), digest);
              return size.filter(sz -> meta.blobs().link(target.id(), digest, clock.instant()))
                  .map(sz -> new BlobInfo(digest, sz));
            });
  }

  /** Inside a transaction: the guard against a concurrent delete of the repository. */
  private void requireRepository(Repository repo) {
    if (!meta.repositories().exists(repo.id())) {
      throw Errors.repositoryNotFound(repo.account(), repo.name());
    }
  }

  /**
   * Removes sessions idle longer than {@code idle} with their staged bytes, and staged bytes no
   * session owns (left by a crash); returns how many sessions and orphans went.
   */
  public int purgeIdle(Duration idle) {
    int n = 0;
    for (String key : blobs.stagingKeys()) {
      if (meta.uploads().find(key).isEmpty() && !busy.containsKey(key)) {
        blobs.discard(key);
        n++;
      }
    }
    for (UploadSession s : meta.uploads().idleSince(clock.instant().minus(idle))) {
      locked(
          s.id(),
          () -> {
            discard(s.id());
            return null;
          });
      n++;
    }
    return n;
  }

  private void discard(String id) {
    meta.uploads().delete(id);
    blobs.discard(id);
  }

  /**
   * The session, else {@code BLOB_UPLOAD_UNKNOWN}. Called with the session locked: when no row
   * exists (its repository was deleted, say) staged bytes under the id are dropped at once.
   */
  private UploadSession session(Repository repo, String id) {
    Optional<UploadSession> s = meta.uploads().find(id);
    if (s.isEmpty() && BlobStore.STAGING_KEY.matcher(id).matches()) {
      blobs.discard(id);
    }
    return s.filter(found -> found.repositoryId().equals(repo.id()))
        .orElseThrow(UploadService::gone);
  }

  /**
   * Runs a blob-store step of a session. When it fails because the session's row went meanwhile
   * (its repository was deleted, and with it the staged bytes), what is left of the bytes goes too
   * and the answer is {@code BLOB_UPLOAD_UNKNOWN}; other failures pass through.
   */
  private <T> T staged(String id, Supplier<T> step) {
    try {
      return step.get();
    } catch (RegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      if (meta.uploads().find(id).isPresent()) {
        throw e;
      }
      discard(id);
      throw gone();
    }
  }

  /** Drops a session whose staged bytes are gone; the answer tells the client to start again. */
  private RegistryException lost(String id) {
    discard(id);
    return new RegistryException(
        ErrorKind.BLOB_UPLOAD_UNKNOWN, "the upload's staged bytes were lost; start again");
  }

  private static RegistryException gone() {
    return new RegistryException(ErrorKind.BLOB_UPLOAD_UNKNOWN, "blob upload unknown to registry");
  }

  /**
   * The running SHA-256 of the session's durable bytes: restored from the row, or (a session from
   * before issue 12) rebuilt once from the staged bytes where the store can read them back.
   */
  private MessageDigest runningHash(UploadSession s) {
    if (s.hashState().length > 0) {
      return ResumableSha256.restore(s.hashState());
    }
    MessageDigest md = ResumableSha256.newDigest();
    if (s.offset() > 0) {
      rehash(s, md);
      LOG.info("rebuilt upload hash from staged bytes id={} offset={}", s.id(), s.offset());
    }
    return md;
  }

  private Digest finalDigest(UploadSession s, String algorithm) {
    if ("sha256".equals(algorithm)) {
      return Digest.sha256(runningHash(s).digest());
    }
    MessageDigest md = Hashing.digest("SHA-512");
    rehash(s, md);
    return new Digest("sha512", java.util.HexFormat.of().formatHex(md.digest()));
  }

  /**
   * Hashes the staged bytes again; {@code BLOB_UPLOAD_UNKNOWN} when they are gone, {@code
   * DIGEST_INVALID} when the store cannot read them back (an object store with a digest other than
   * SHA-256, the one Berth keeps running).
   */
  private void rehash(UploadSession s, MessageDigest md) {
    Optional<InputStream> staged;
    try {
      staged = blobs.readStaged(staged(s));
    } catch (IllegalStateException | UncheckedIOException e) {
      throw lost(s.id());
    }
    if (staged.isEmpty()) {
      throw new RegistryException(
          ErrorKind.DIGEST_INVALID,
          "this registry's storage verifies uploads by sha256 only; push with a sha256 digest");
    }
    try (InputStream in = new DigestingInputStream(staged.get(), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs work as the only request on the session on this node. */
  private <T> T locked(String id, Supplier<T> work) {
    if (busy.putIfAbsent(id, Boolean.TRUE) != null) {
      throw new RegistryException(
          ErrorKind.BLOB_UPLOAD_INVALID,
          "another request is writing to this upload; retry after it ends");
    }
    try {
      return work.get();
    } finally {
      busy.remove(id);
    }
  }
}
