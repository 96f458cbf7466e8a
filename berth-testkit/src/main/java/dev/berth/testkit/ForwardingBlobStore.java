package dev.berth.testkit;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.Staged;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.model.Digest;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** A blob store that hands every call to a real one; tests override the calls they observe. */
public class ForwardingBlobStore implements BlobStore {
  protected final BlobStore real;

  public ForwardingBlobStore(BlobStore real) {
    this.real = real;
  }

  @Override
  public Optional<Long> size(Digest digest) {
    return real.size(digest);
  }

  @Override
  public Optional<BlobContent> open(Digest digest, long offset, long length) {
    return real.open(digest, offset, length);
  }

  @Override
  public Staged begin(String key) {
    return real.begin(key);
  }

  @Override
  public Staged append(Staged state, InputStream in) {
    return real.append(state, in);
  }

  @Override
  public Optional<InputStream> readStaged(Staged state) {
    return real.readStaged(state);
  }

  @Override
  public void commit(Staged state, Digest digest) {
    real.commit(state, digest);
  }

  @Override
  public void discard(String key) {
    real.discard(key);
  }

  @Override
  public long minChunkLength() {
    return real.minChunkLength();
  }

  @Override
  public void probe() {
    real.probe();
  }

  @Override
  public boolean delete(Digest digest) {
    return real.delete(digest);
  }

  @Override
  public void forEachBlob(Consumer<StoredBlob> each) {
    real.forEachBlob(each);
  }

  @Override
  public void forEachStaged(Consumer<StagedEntry> each) {
    real.forEachStaged(each);
  }

  @Override
  public Optional<Tier> tier(Digest digest) {
    return real.tier(digest);
  }

  @Override
  public boolean moveTo(Digest digest, Tier tier) {
    return real.moveTo(digest, tier);
  }

  @Override
  public Optional<URI> presign(Digest digest, Duration ttl) {
    return real.presign(digest, ttl);
  }
}
