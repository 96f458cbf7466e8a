package dev.berth.blob.fs;

import dev.berth.blob.BlobTiers.Tier;
import dev.berth.model.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two tiers of the filesystem store and the moves between them. Each tier keeps blobs at {@code
 * blobs/<algorithm>/<first two hex>/<hex>} under its root, and partial copies in its own {@code
 * tmp} directory (on the tier's filesystem, so publishing is an atomic rename).
 *
 * <p>A move copies the bytes into the destination's {@code tmp}, fsyncs them, renames them into
 * place, fsyncs the directory and only then deletes the source: after a crash either tier or both
 * hold complete bytes and a partial copy lies only in {@code tmp} (removed when a store opens the
 * tiers, once an hour old). The copy runs without a lock; publishing, deleting and opening a blob
 * take a per-digest lock, so a reader never looks between the tiers while the last copy moves, and
 * opposite moves of one digest never delete both copies.
 */
final class FileTiers {
  private static final Logger LOG = LoggerFactory.getLogger(FileTiers.class);
  private static final int STRIPES = 1024;
  private static final Duration STALE_TMP = Duration.ofHours(1);

  private final Path standard;
  private final Path standardTmp;
  private final Path archive;
  private final Path archiveTmp;
  private final ReadWriteLock[] locks = new ReadWriteLock[STRIPES];

  /**
   * @param standard the standard tier's blob directory
   * @param standardTmp where copies into the standard tier are written, on its filesystem
   * @param archiveRoot the archive tier's root ({@code blobs/} and {@code tmp/} below it)
   */
  FileTiers(Path standard, Path standardTmp, Path archiveRoot) {
    this.standard = standard;
    this.standardTmp = standardTmp;
    this.archive = archiveRoot.resolve("blobs");
    this.archiveTmp = archiveRoot.resolve("tmp");
    if (archive.toAbsolutePath().normalize().equals(standard.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          "the archive tier cannot be the standard tier: " + archive);
    }
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantReadWriteLock();
    }
    for (Path dir : new Path[] {standardTmp, archive, archiveTmp}) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("failed to create blob tier directory " + dir, e);
      }
    }
    dropStaleCopies(standardTmp);
    dropStaleCopies(archiveTmp);
  }

  Path archiveBlobs() {
    return archive;
  }

  Path path(Tier tier, Digest digest) {
    return (tier == Tier.STANDARD ? standard : archive)
        .resolve(digest.algorithm())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  private Path tmp(Tier tier) {
    return tier == Tier.STANDARD ? standardTmp : archiveTmp;
  }

  ReadWriteLock lock(Digest digest) {
    return locks[Math.floorMod(digest.hex().hashCode(), STRIPES)];
  }

  /** Runs {@code work} holding the digest's read lock (opening or sizing a blob). */
  <T> T reading(Digest digest, IoWork<T> work) throws IOException {
    var l = lock(digest).readLock();
    l.lock();
    try {
      return work.run();
    } finally {
      l.unlock();
    }
  }

  /** Runs {@code work} holding the digest's write lock (publishing or deleting a copy). */
  <T> T writing(Digest digest, IoWork<T> work) throws IOException {
    var l = lock(digest).writeLock();
    l.lock();
    try {
      return work.run();
    } finally {
      l.unlock();
    }
  }

  /** As {@link #writing(Digest, IoWork)}, for work without a result. */
  void writing(Digest digest, IoAction action) throws IOException {
    writing(
        digest,
        () -> {
          action.run();
          return Boolean.TRUE;
        });
  }

  /** Work on the tiers that may fail with an I/O error. */
  interface IoWork<T> {
    T run() throws IOException;
  }

  /** The same, without a result. */
  interface IoAction {
    void run() throws IOException;
  }

  /** The directory holding a blob or staging file (every such path has one). */
  static Path parent(Path file) {
    return java.util.Objects.requireNonNull(file.getParent(), file::toString);
  }

  Optional<Tier> tier(Digest digest) {
    try {
      return reading(
          digest,
          () -> {
            if (Files.exists(path(Tier.STANDARD, digest))) {
              return Optional.of(Tier.STANDARD);
            }
            return Files.exists(path(Tier.ARCHIVE, digest))
                ? Optional.of(Tier.ARCHIVE)
                : Optional.empty();
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean moveTo(Digest digest, Tier tier) {
    Tier from = tier == Tier.STANDARD ? Tier.ARCHIVE : Tier.STANDARD;
    Path source = path(from, digest);
    Path target = path(tier, digest);
    try {
      if (Files.exists(target)) {
        return writing(digest, () -> dropSource(source, target));
      }
      Path copy = tmp(tier).resolve(digest.hex() + "." + UUID.randomUUID() + ".tmp");
      try {
        if (!copyDurably(source, copy)) {
          return Files.exists(target) && writing(digest, () -> dropSource(source, target));
        }
        return writing(digest, () -> publish(copy, source, target));
      } finally {
        Files.deleteIfExists(copy);
      }
    } catch (IOException e) {
      throw DiskFull.translate(e, target, "failed to move blob " + digest + " to " + tier);
    }
  }

  /** With the target complete, removes the source copy; true when the target holds the blob. */
  private static boolean dropSource(Path source, Path target) throws IOException {
    if (!Files.exists(target)) {
      return false;
    }
    if (Files.deleteIfExists(source)) {
      fsyncDirectory(parent(source));
    }
    return true;
  }

  /**
   * Copies the source into {@code copy} and fsyncs it; false when the source is gone (moved or
   * deleted meanwhile).
   */
  private static boolean copyDurably(Path source, Path copy) throws IOException {
    long expected;
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(copy, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
      expected = in.size();
      long done = 0;
      while (done < expected) {
        long n = in.transferTo(done, expected - done, out);
        if (n <= 0) {
          break;
        }
        done += n;
      }
      if (done != expected) {
        throw new IOException("copy of " + source + " ended at " + done + " of " + expected);
      }
      out.force(true);
    } catch (NoSuchFileException e) {
      if (Files.exists(parent(copy))) {
        return false;
      }
      throw e;
    }
    return true;
  }

  /**
   * Under the digest's lock: renames the durable copy into the target tier and removes the source.
   * A source deleted meanwhile stays deleted (the copy is dropped, nothing is resurrected).
   */
  private static boolean publish(Path copy, Path source, Path target) throws IOException {
    if (Files.exists(target)) {
      return dropSource(source, target);
    }
    if (!Files.exists(source)) {
      return false;
    }
    Path dir = parent(target);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      fsyncDirectory(parent(dir));
    }
    try {
      Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      if (!Files.exists(target)) {
        throw e;
      }
    }
    fsyncDirectory(dir);
    return dropSource(source, target);
  }

  /** Removes the archived copy once the standard copy is durable (an upload made it needed). */
  void dropArchivedCopy(Digest digest) throws IOException {
    Path archived = path(Tier.ARCHIVE, digest);
    if (Files.exists(archived) && Files.exists(path(Tier.STANDARD, digest))) {
      Files.deleteIfExists(archived);
      fsyncDirectory(parent(archived));
    }
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Partial copies a crash left behind; recent ones may belong to another process's move. */
  private static void dropStaleCopies(Path tmp) {
    FileTime cutoff = FileTime.from(Instant.now().minus(STALE_TMP));
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmp)) {
      for (Path p : dir) {
        if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0 && Files.deleteIfExists(p)) {
          LOG.info("removed a partial blob copy left by an interrupted move path={}", p);
        }
      }
    } catch (IOException e) {
      LOG.warn("failed to clear partial blob copies dir={}", tmp, e);
    }
  }
}
