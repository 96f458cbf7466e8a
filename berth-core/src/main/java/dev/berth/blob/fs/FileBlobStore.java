package dev.berth.blob.fs;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.BlobTiers.Tier;
import dev.berth.blob.BoundedInputStream;
import dev.berth.blob.PositionalReader;
import dev.berth.blob.Staged;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Content-addressed blobs on a local filesystem; see the package documentation for the layout. */
public final class FileBlobStore implements BlobStore {
  private static final int COPY_BUFFER = 256 * 1024;

  private final Path blobs;
  private final Path uploads;
  private final FileTiers tiers;

  /** A store under {@code root} whose archive tier is {@code root/archive}. */
  public FileBlobStore(Path root) {
    this(root, root.resolve("archive"));
  }

  /** A store under {@code root} whose archive tier lives under {@code archiveRoot}. */
  public FileBlobStore(Path root, Path archiveRoot) {
    this.blobs = root.resolve("blobs");
    this.uploads = root.resolve("uploads");
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(uploads);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to create blob directories under " + root, e);
    }
    this.tiers = new FileTiers(blobs, root.resolve("tier-tmp"), archiveRoot);
  }

  Path blobPath(Digest digest) {
    return tiers.path(Tier.STANDARD, digest);
  }

  Path archivedPath(Digest digest) {
    return tiers.path(Tier.ARCHIVE, digest);
  }

  @Override
  public Optional<Tier> tier(Digest digest) {
    return tiers.tier(digest);
  }

  @Override
  public boolean moveTo(Digest digest, Tier tier) {
    return tiers.moveTo(digest, tier);
  }

  private Path stagingPath(String key) {
    return uploads.resolve(BlobStore.checkKey(key));
  }

  /** The blob's size in whichever tier holds it. */
  @Override
  public Optional<Long> size(Digest digest) {
    try {
      return tiers.reading(
          digest,
          () -> {
            for (Tier t : Tier.values()) {
              try {
                return Optional.of(Files.size(tiers.path(t, digest)));
              } catch (NoSuchFileException e) {
                // not in this tier
              }
            }
            return Optional.<Long>empty();
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the blob in whichever tier holds it (an open channel survives a later move). */
  @Override
  public Optional<BlobContent> open(Digest digest, long offset, long length) {
    Optional<FileChannel> opened;
    try {
      opened =
          tiers.reading(
              digest,
              () -> {
                for (Tier t : Tier.values()) {
                  try {
                    return Optional.of(
                        FileChannel.open(tiers.path(t, digest), StandardOpenOption.READ));
                  } catch (NoSuchFileException e) {
                    // not in this tier
                  }
                }
                return Optional.<FileChannel>empty();
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    FileChannel channel = opened.get();
    try {
      long size = channel.size();
      if (offset < 0 || length < 0 || offset + length > size) {
        throw new IllegalArgumentException("range " + offset + "+" + length + " beyond " + size);
      }
      return Optional.of(new FileContent(channel, offset, length));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  @Override
  public Staged begin(String key) {
    Path path = stagingPath(key);
    try (FileChannel ch =
        FileChannel.open(
            path,
            StandardOpenOption.WRITE,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.force(false);
    } catch (IOException e) {
      throw DiskFull.translate(e, path, "an upload could not be started");
    }
    return Staged.empty(key);
  }

  /**
   * Writes after the state's length; bytes beyond it (a chunk whose session row never advanced) are
   * cut first. A failed chunk is cut back to where it began.
   */
  @Override
  public Staged append(Staged state, InputStream in) {
    Path path = stagingPath(state.key());
    long offset = state.length();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      cutTo(ch, state);
      ch.position(offset);
      try {
        long written = copy(in, ch);
        ch.force(false);
        return new Staged(state.key(), offset + written, "");
      } catch (IOException | RuntimeException e) {
        ch.truncate(offset);
        ch.force(false);
        throw e;
      }
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("nothing is staged under " + state.key(), e);
    } catch (IOException e) {
      throw DiskFull.translate(e, path, "an upload chunk was not stored");
    }
  }

  /** Throws when the file holds fewer bytes than the state records (they went from under it). */
  private static void requireLength(FileChannel ch, Staged state) throws IOException {
    if (ch.size() < state.length()) {
      throw new IllegalStateException(
          "staged length " + ch.size() + " of " + state.key() + " is short of " + state.length());
    }
  }

  /** Cuts bytes written after the state (a chunk whose session row never advanced). */
  private static void cutTo(FileChannel ch, Staged state) throws IOException {
    requireLength(ch, state);
    if (ch.size() > state.length()) {
      ch.truncate(state.length());
    }
  }

  private static long copy(InputStream in, FileChannel ch) throws IOException {
    byte[] buf = new byte[COPY_BUFFER];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long total = 0;
    int n;
    while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
      bb.clear().limit(n);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      total += n;
    }
    return total;
  }

  @Override
  public Optional<InputStream> readStaged(Staged state) {
    try {
      FileChannel ch = FileChannel.open(stagingPath(state.key()), StandardOpenOption.READ);
      try {
        requireLength(ch, state);
      } catch (IllegalStateException e) {
        closeQuietly(ch);
        throw e;
      }
      return Optional.of(new BoundedInputStream(Channels.newInputStream(ch), state.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Publishes into the standard tier; a copy of the digest in the archive tier is removed after the
   * standard one is durable (an upload makes the blob needed again).
   */
  @Override
  public void commit(Staged state, Digest digest) {
    Path staged = stagingPath(state.key());
    Path target = blobPath(digest);
    try {
      if (Files.exists(target)) {
        Files.deleteIfExists(staged);
        tiers.writing(digest, () -> tiers.dropArchivedCopy(digest));
        return;
      }
      Path dir = blobs.resolve(digest.algorithm()).resolve(digest.hex().substring(0, 2));
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        fsyncDirectory(blobs.resolve(digest.algorithm()));
      }
      try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        cutTo(ch, state);
        ch.force(true);
      }
      tiers.writing(
          digest,
          () -> {
            try {
              Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
              Files.deleteIfExists(staged);
              if (!Files.exists(target)) {
                throw e;
              }
            }
            fsyncDirectory(dir);
            tiers.dropArchivedCopy(digest);
          });
      fsyncDirectory(uploads);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("nothing is staged under " + state.key(), e);
    } catch (IOException e) {
      throw DiskFull.translate(e, target, "failed to commit blob " + digest);
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    FileTiers.fsyncDirectory(dir);
  }

  @Override
  public void discard(String key) {
    try {
      Files.deleteIfExists(stagingPath(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long minChunkLength() {
    return 1;
  }

  /** Files are served through Berth. */
  @Override
  public Optional<URI> presign(Digest digest, Duration ttl) {
    return Optional.empty();
  }

  /**
   * Lists {@code blobs/} and creates and removes a file in {@code uploads/} (named so that no
   * listing takes it for a staged upload).
   */
  @Override
  public void probe() {
    try {
      try (DirectoryStream<Path> listed = Files.newDirectoryStream(blobs)) {
        // opening the directory for listing is the check
      }
      Path probe = Files.createTempFile(uploads, ".probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UncheckedIOException("blob directories under " + blobs.getParent() + ": " + e, e);
    }
  }

  @Override
  public boolean delete(Digest digest) {
    try {
      return tiers.writing(
          digest,
          () -> {
            boolean standard = Files.deleteIfExists(blobPath(digest));
            return Files.deleteIfExists(archivedPath(digest)) || standard;
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Walks {@code blobs/} and then the archive tier's blobs directory by directory (the JDK holds
   * one open directory per level, never the whole tree); a file removed while the walk passes is
   * skipped, names that are not digests (a tier's partial copies among them) are ignored. A blob
   * caught in both tiers by a crash during a move comes once per tier.
   */
  @Override
  public void forEachBlob(Consumer<StoredBlob> each) {
    walk(blobs, Tier.STANDARD, each);
    walk(tiers.archiveBlobs(), Tier.ARCHIVE, each);
  }

  private void walk(Path root, Tier tier, Consumer<StoredBlob> each) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
              Path rel = root.relativize(p);
              if (attrs.isRegularFile() && rel.getNameCount() == 3) {
                Digest.parse(rel.getName(0) + ":" + rel.getName(2))
                    .filter(d -> tiers.path(tier, d).equals(p))
                    .ifPresent(
                        d ->
                            each.accept(
                                new StoredBlob(
                                    d, attrs.size(), attrs.lastModifiedTime().toInstant())));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (NoSuchFileException e) {
      // the tier's directory does not exist yet: nothing stored there
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void forEachStaged(Consumer<StagedEntry> each) {
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(uploads)) {
      for (Path p : dir) {
        String key = p.getFileName().toString();
        if (!BlobStore.STAGING_KEY.matcher(key).matches()) {
          continue;
        }
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (attrs.isRegularFile()) {
          each.accept(new StagedEntry(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do: the channel was only read
    }
  }

  /** A range of a file, streamed or handed out as a channel. */
  private static final class FileContent implements BlobContent {
    private final FileChannel channel;
    private final long offset;
    private final long length;

    FileContent(FileChannel channel, long offset, long length) {
      this.channel = channel;
      this.offset = offset;
      this.length = length;
    }

    @Override
    public long offset() {
      return offset;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public InputStream stream() {
      try {
        channel.position(offset);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public Optional<PositionalReader> positional() {
      return Optional.of(channel::read);
    }

    @Override
    public void close() {
      closeQuietly(channel);
    }
  }
}
