package dev.berth.app;

import dev.berth.api.oci.UpstreamContent;
import dev.berth.blob.BlobContent;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.pullthrough.FollowedBlob;
import dev.berth.pullthrough.PullThroughCache;
import java.util.Optional;

/** The OCI API's upstream port, answered by the pull-through cache. */
final class PullThroughContent implements UpstreamContent {
  private final PullThroughCache cache;

  PullThroughContent(PullThroughCache cache) {
    this.cache = cache;
  }

  @Override
  public boolean covers(RegistryId registry, RepositoryName name) {
    return cache.covers(registry, name);
  }

  @Override
  public Repository createRepository(RegistryId registry, RepositoryName name) {
    return cache.createRepository(registry, name);
  }

  @Override
  public Optional<Manifest> manifest(
      Repository repo, Reference reference, Runnable authorizeImport) {
    return cache
        .manifest(repo, reference, authorizeImport)
        .map(m -> new Manifest(m.mediaType(), m.bytes(), m.digest()));
  }

  @Override
  public Optional<Blob> blob(Repository repo, Digest digest, Runnable authorizeImport) {
    return cache.blob(repo, digest, authorizeImport).map(Followed::new);
  }

  /** A followed download as the OCI API streams it. */
  private record Followed(FollowedBlob blob) implements Blob {
    @Override
    public long size() {
      return blob.size();
    }

    @Override
    public BlobContent open(long offset, long length) {
      return BlobContent.ofStream(offset, length, blob.stream(offset, length));
    }

    @Override
    public void close() {
      blob.close();
    }
  }
}
