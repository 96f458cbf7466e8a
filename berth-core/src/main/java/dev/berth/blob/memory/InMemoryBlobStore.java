package dev.berth.blob.memory;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.PositionalReader;
import dev.berth.blob.Staged;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
  public Staged begin(String key) {
    staging.put(BlobStore.checkKey(key), new byte[0]);
    touch(key);
    return Staged.empty(key);
  }

  @Override
  public Staged append(Staged state, InputStream in) {
    byte[] old = staged(state);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(old, 0, (int) state.length());
    try {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] now = out.toByteArray();
    staging.put(state.key(), now);
    touch(state.key());
    return new Staged(state.key(), now.length, "");
  }

  private byte[] staged(Staged state) {
    byte[] b = staging.get(state.key());
    if (b == null || b.length < state.length()) {
      throw new IllegalStateException("staged bytes of " + state.key() + " are short or absent");
    }
    return b;
  }

  @Override
  public Optional<InputStream> readStaged(Staged state) {
    return Optional.of(new ByteArrayInputStream(staged(state), 0, (int) state.length()));
  }

  @Override
  public void commit(Staged state, Digest digest) {
    byte[] b = Arrays.copyOf(staged(state), (int) state.length());
    staging.remove(state.key());
    modified.remove(state.key());
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

  /** Bytes in memory are served through Berth. */
  @Override
  public Optional<URI> presign(Digest digest, Duration ttl) {
    return Optional.empty();
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
    public Optional<PositionalReader> positional() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
