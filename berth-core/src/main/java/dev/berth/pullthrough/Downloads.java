package dev.berth.pullthrough;

import dev.berth.distribution.FetchedBlob;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import dev.berth.upload.UploadService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob downloads under way on this node, at most one per cache repository and digest: whoever
 * asks for a blob already on its way (the background import of its image, or another client)
 * follows that download. Each runs on its own virtual thread and writes through the upload path
 * ({@link UploadService#upload}: hashed while it streams, committed and linked only when the digest
 * matches) and a spool file under the spool directory. At startup, spool files untouched for three
 * times the stall limit are removed: a previous process left them (a live download writes more
 * often or is stopped), while a running node's files, if another process shares the data directory
 * (a CLI command), are left alone.
 */
final class Downloads {
  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
  static final String OWNER = "pull-through-cache";
  private static final Duration WATCH = Duration.ofSeconds(10);

  private final ConcurrentMap<String, Download> running = new ConcurrentHashMap<>();
  private final Path spoolDirectory;
  private final UploadService uploads;
  private final BiPredicate<Repository, Digest> linked;
  private final Background background;

  /**
   * @param idle how long a download may receive nothing before it is stopped as stalled
   */
  Downloads(
      Path spoolDirectory,
      UploadService uploads,
      BiPredicate<Repository, Digest> linked,
      Background background,
      Duration idle) {
    this.background = background;
    this.spoolDirectory = spoolDirectory;
    this.uploads = uploads;
    this.linked = linked;
    try {
      Files.createDirectories(spoolDirectory);
      java.nio.file.attribute.FileTime stale =
          java.nio.file.attribute.FileTime.from(
              java.time.Instant.now().minus(idle.multipliedBy(3)));
      try (Stream<Path> left = Files.list(spoolDirectory)) {
        for (Path p : left.toList()) {
          try {
            if (Files.getLastModifiedTime(p).compareTo(stale) < 0) {
              Files.deleteIfExists(p);
            }
          } catch (java.nio.file.NoSuchFileException e) {
            // its download finished meanwhile and removed it
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to prepare spool directory " + spoolDirectory, e);
    }
    background.start("pull-through-watchdog", () -> watch(idle));
  }

  /** Stops the downloads that receive nothing for {@code idle}, until interrupted (at close). */
  private void watch(Duration idle) {
    Duration every = idle.dividedBy(4).compareTo(WATCH) < 0 ? idle.dividedBy(4) : WATCH;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(every);
        long now = System.nanoTime();
        running.values().forEach(d -> d.interruptIfStalled(idle, now));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The download of the blob into the repository: the one under way, or one started now that
   * fetches with {@code fetch}. {@code expected} is the length the manifest gives, when known.
   */
  Download start(
      Repository repo, Digest digest, OptionalLong expected, Supplier<FetchedBlob> fetch) {
    String key = repo.id() + "@" + digest;
    Download under = running.get(key);
    if (under != null) {
      return under;
    }
    Download mine;
    try {
      mine = new Download(Files.createTempFile(spoolDirectory, "blob-", ".spool"));
    } catch (IOException e) {
      throw new UncheckedIOException("failed to create a spool file", e);
    }
    Download other = running.putIfAbsent(key, mine);
    if (other != null) {
      mine.writerDone();
      return other;
    }
    try {
      background.start(
          "pull-through-blob-" + digest.hex().substring(0, 12),
          () -> {
            try {
              mine.writtenBy(Thread.currentThread());
              run(mine, repo, digest, expected, fetch);
            } finally {
              running.remove(key, mine);
              mine.writerDone();
            }
          });
    } catch (RuntimeException e) {
      running.remove(key, mine);
      mine.failed(String.valueOf(e.getMessage()));
      mine.writerDone();
      throw e;
    }
    return mine;
  }

  private void run(
      Download d,
      Repository repo,
      Digest digest,
      OptionalLong expected,
      Supplier<FetchedBlob> fetch) {
    try {
      if (linked.test(repo, digest)) {
        d.committed(); // a download that ended just before this one began stored it
        return;
      }
      FetchedBlob fetched = fetch.get();
      try (InputStream body = fetched.body()) {
        OptionalLong declared = fetched.length();
        if (declared.isPresent()
            && expected.isPresent()
            && declared.getAsLong() != expected.getAsLong()) {
          throw new IOException(
              "the upstream declared "
                  + declared.getAsLong()
                  + " bytes, the manifest "
                  + expected.getAsLong());
        }
        d.sized(declared.isPresent() ? declared : expected);
        uploads.upload(repo, OWNER, digest, d.tee(body));
      }
      d.committed();
    } catch (IOException | RuntimeException e) {
      String why =
          e instanceof RegistryException r && r.kind() == ErrorKind.DIGEST_INVALID
              ? "the upstream sent bytes that do not match " + digest
              : String.valueOf(e.getMessage());
      d.failed(why);
      if (background.closed()) {
        return;
      }
      LOG.warn(
          "failed to download blob from upstream repository={} digest={} error={}",
          repo.name().value(),
          digest,
          why);
    }
  }
}
