package dev.berth.blob.memory;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Blobs and staging held in maps, a map per tier; same contract as the filesystem store. Moves and
 * reads across the two tier maps hold the store's lock, so a reader never misses a moving blob.
 * Modification times come from the given clock (the system clock by default).
 */
public final class InMemoryBlobStore implements BlobStore {
  private final ConcurrentMap<Digest, byte[]> blobs = new ConcurrentHashMap<>();
  private final ConcurrentMap<Digest, byte[]> archived = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, byte[]> staging = new ConcurrentHashMap<>();
  private final Object tiers = new Object();
  private final ConcurrentMap<Object, Instant> modified = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryBlobStore() {
    this(Clock.systemUTC());
  }

  public InMemoryBlobStore(Clock clock) {
    this.clock = clock;
  }

  private void touch(Object key) {
    modified.put(key, clock.instant());
  }

  private Optional<byte[]> find(Digest digest) {
    synchronized (tiers) {
      byte[] b = blobs.get(digest);
      return Optional.ofNullable(b != null ? b : archived.get(digest));
    }
  }

  @Override
  public Optional<Long> size(Digest digest) {
    return find(digest).map(b -> (long) b.length);
  }

  @Override
  public Optional<Tier> tier(Digest digest) {
    synchronized (tiers) {
      if (blobs.containsKey(digest)) {
        return Optional.of(Tier.STANDARD);
      }
      return archived.containsKey(digest) ? Optional.of(Tier.ARCHIVE) : Optional.empty();
    }
  }

  @Override
  public boolean moveTo(Digest digest, Tier tier) {
    ConcurrentMap<Digest, byte[]> to = tier == Tier.STANDARD ? blobs : archived;
    ConcurrentMap<Digest, byte[]> from = tier == Tier.STANDARD ? archived : blobs;
    synchronized (tiers) {
      byte[] b = from.remove(digest);
      if (b != null) {
        to.putIfAbsent(digest, b);
      }
      return to.containsKey(digest);
    }
  }

  @Override
  public Optional<BlobContent> open(Digest digest, long offset, long length) {
    byte[] bytes = find(digest).orElse(null);
    if (bytes == null) {
      return Optional.empty();
    }
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + length + " beyond " + bytes.length);
    }
    return Optional.of(new Content(bytes, offset, length));
  }

  @Override
  public long stagedLength(String key) {
    byte[] b = staging.get(BlobStore.checkKey(key));
    return b == null ? 0 : b.length;
  }

  @Override
  public void truncate(String key, long length) {
    touch(key);
    staging.compute(
        BlobStore.checkKey(key),
        (k, old) ->
            old == null
                ? new byte[0]
                : old.length > length ? Arrays.copyOf(old, (int) length) : old);
  }

  @Override
  public long append(String key, long offset, InputStream in) {
    BlobStore.checkKey(key);
    byte[] old = staging.getOrDefault(key, new byte[0]);
    if (old.length != offset) {
      throw new IllegalStateException(
          "staged length " + old.length + " differs from append offset " + offset);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(old);
    try {
      long n = in.transferTo(out);
      staging.put(key, out.toByteArray());
      touch(key);
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream readStaged(String key, long length) {
    byte[] b = staging.getOrDefault(BlobStore.checkKey(key), new byte[0]);
    return new ByteArrayInputStream(b, 0, (int) Math.min(length, b.length));
  }

  @Override
  public void commit(String key, Digest digest) {
    byte[] b = staging.remove(BlobStore.checkKey(key));
    if (b == null) {
      throw new IllegalStateException("nothing staged under " + key);
    }
    modified.remove(key);
    synchronized (tiers) {
      if (blobs.putIfAbsent(digest, b) == null) {
        touch(digest);
      }
      archived.remove(digest);
    }
  }

  @Override
  public void discard(String key) {
    staging.remove(BlobStore.checkKey(key));
    modified.remove(key);
  }

  @Override
  public long minChunkLength() {
    return 1;
  }

  /** Memory is always reachable. */
  @Override
  public void probe() {}

  @Override
  public boolean delete(Digest digest) {
    modified.remove(digest);
    synchronized (tiers) {
      boolean standard = blobs.remove(digest) != null;
      return archived.remove(digest) != null || standard;
    }
  }

  /** Both tiers; a blob caught in both (never, here: moves hold the lock) would come twice. */
  @Override
  public void forEachBlob(Consumer<StoredBlob> each) {
    for (ConcurrentMap<Digest, byte[]> tier : java.util.List.of(blobs, archived)) {
      tier.forEach(
          (d, b) ->
              each.accept(new StoredBlob(d, b.length, modified.getOrDefault(d, Instant.EPOCH))));
    }
  }

  @Override
  public void forEachStaged(Consumer<StagedEntry> each) {
    staging.forEach(
        (k, b) ->
            each.accept(new StagedEntry(k, b.length, modified.getOrDefault(k, Instant.EPOCH))));
  }

  private record Content(byte[] bytes, long offset, long length) implements BlobContent {
    @Override
    public InputStream stream() {
      return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }

    @Override
    public Optional<FileChannel> channel() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
