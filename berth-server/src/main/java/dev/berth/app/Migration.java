package dev.berth.app;

import dev.berth.blob.BlobCopy;
import dev.berth.blob.BlobStore;
import dev.berth.config.BerthConfig;
import dev.berth.config.BlobStoreConfig;
import dev.berth.meta.jdbc.MetadataMigration;
import dev.berth.meta.jdbc.MigrationRefusedException;
import dev.berth.model.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code berth migrate}: moves a stopped single node (SQLite metadata, its blob store) to the
 * PostgreSQL database and blob store of a cluster's configuration. The source is only read; the
 * target must be empty or hold an interrupted migration from the same source, which this run
 * finishes. Steps: check both and claim the target ({@link MetadataMigration#open}), carry the
 * master key, copy the tables, copy and verify every blob the source's metadata knows.
 */
public final class Migration {
  private Migration() {}

  /** Reports progress; an exception it throws ends the run (which a later run resumes). */
  public interface Progress {
    /** After each batch of rows of {@code table}. */
    void table(String table, long done, long total);

    /** After each blob: blobs handled of the total, and their bytes. */
    void blobs(long done, long total, long bytes, long totalBytes);
  }

  /**
   * What a run did.
   *
   * @param tables each copied table
   * @param start what the target held of this source when the run began
   * @param blobs blobs the source's metadata knows
   * @param copied blobs written to the target and verified (digest and size)
   * @param bytesCopied their bytes
   * @param existing blobs the target held already at their size (from an interrupted run)
   * @param missing blobs the source's metadata lists but its store has no bytes for
   * @param corrupt blobs whose bytes in the source do not match their digest or size (not copied)
   * @param gone blobs being removed by the source's collector (state DELETING) without bytes left
   * @param masterKey what became of the master key
   * @param elapsed the run's time
   */
  public record Summary(
      List<MetadataMigration.TableResult> tables,
      MetadataMigration.Start start,
      long blobs,
      long copied,
      long bytesCopied,
      long existing,
      List<Digest> missing,
      List<Digest> corrupt,
      long gone,
      KeyCarried masterKey,
      Duration elapsed) {
    /** Whether an earlier run from this source had filled the target, in part or in full. */
    public boolean resumed() {
      return start != MetadataMigration.Start.NEW;
    }

    /** Rows of the source's copied tables. */
    public long rows() {
      return tables.stream().mapToLong(MetadataMigration.TableResult::sourceRows).sum();
    }

    /** Rows this run wrote. */
    public long rowsWritten() {
      return tables.stream().mapToLong(MetadataMigration.TableResult::inserted).sum();
    }

    /** Tables whose row count in the target differs from the source's. */
    public List<MetadataMigration.TableResult> incomplete() {
      return tables.stream().filter(t -> !t.complete()).toList();
    }

    /** Whether everything arrived: all rows, every blob with verified bytes. */
    public boolean ok() {
      return missing.isEmpty() && corrupt.isEmpty() && incomplete().isEmpty();
    }
  }

  /**
   * The target's master key file and how it came to hold the source's key.
   *
   * @param file the target's {@code master-key-file}
   * @param copied whether this run wrote it (else it held the same key already)
   */
  public record KeyCarried(Path file, boolean copied) {}

  /** Runs the migration from {@code source}'s storage into {@code target}'s. */
  public static Summary run(BerthConfig source, BerthConfig target, Progress progress) {
    Clock clock = Clock.systemUTC();
    Instant started = clock.instant();
    if (target.storage().blobs() instanceof BlobStoreConfig.Memory) {
      throw new MigrationRefusedException("the target's blob-store is memory: nothing would stay");
    }
    try (MetadataMigration meta =
        MetadataMigration.open(source.storage().databaseUrl(), target.storage().databaseUrl())) {
      KeyCarried key = masterKey(source.storage().masterKey(), target.storage().masterKey());
      List<MetadataMigration.TableResult> tables = meta.copyTables(progress::table);
      BlobStore from = Stores.blobs(source.storage().blobs());
      BlobStore to = Stores.blobs(target.storage().blobs());
      try {
        Blobs b = copyBlobs(meta, new BlobCopy(from, to), progress);
        if (b.missing.isEmpty()
            && b.corrupt.isEmpty()
            && tables.stream().allMatch(MetadataMigration.TableResult::complete)) {
          meta.finish();
        }
        return new Summary(
            tables,
            meta.start(),
            b.total,
            b.copied,
            b.bytes,
            b.existing,
            List.copyOf(b.missing),
            List.copyOf(b.corrupt),
            b.gone,
            key,
            Duration.between(started, clock.instant()));
      } finally {
        close(to);
        close(from);
      }
    }
  }

  private static final class Blobs {
    long total;
    long done;
    long copied;
    long bytes;
    long existing;
    long gone;
    long seenBytes;
    final List<Digest> missing = new ArrayList<>();
    final List<Digest> corrupt = new ArrayList<>();
  }

  private static Blobs copyBlobs(MetadataMigration meta, BlobCopy copy, Progress progress) {
    MetadataMigration.BlobTotals totals = meta.blobTotals();
    Blobs b = new Blobs();
    b.total = totals.blobs();
    meta.forEachSourceBlob(
        blob -> {
          switch (copy.copy(blob.digest(), blob.size())) {
            case COPIED -> {
              b.copied++;
              b.bytes += blob.size();
            }
            case EXISTING -> b.existing++;
            case MISSING -> {
              if ("DELETING".equals(blob.state())) {
                b.gone++;
              } else {
                b.missing.add(blob.digest());
              }
            }
            case CORRUPT -> b.corrupt.add(blob.digest());
          }
          b.done++;
          b.seenBytes += blob.size();
          progress.blobs(b.done, b.total, b.seenBytes, totals.bytes());
        });
    return b;
  }

  /**
   * The target's master key must be the source's (access key and session secrets are encrypted with
   * it): copied there (mode 0600) when the file does not exist, refused when it holds another.
   */
  static KeyCarried masterKey(Path from, Path to) {
    try {
      if (!Files.isRegularFile(from)) {
        throw new MigrationRefusedException(
            "no master key at " + from + ": is --data (or --config) the old node's?");
      }
      byte[] key = Files.readAllBytes(from);
      if (Files.exists(to)) {
        if (!Arrays.equals(Files.readAllBytes(to), key)) {
          throw new MigrationRefusedException(
              "the target's master-key-file "
                  + to
                  + " holds another key than the old node's "
                  + from
                  + ": the secrets of access keys are encrypted with the old one; point"
                  + " master-key-file at a file that does not exist yet (berth migrate copies the"
                  + " key there) or at a copy of "
                  + from);
        }
        return new KeyCarried(to, false);
      }
      Path parent = to.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createFile(
          to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(to, key, StandardOpenOption.WRITE);
      return new KeyCarried(to, true);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to carry the master key to " + to, e);
    }
  }

  private static void close(BlobStore store) {
    if (store instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // closing a client; nothing was pending
      }
    }
  }
}
