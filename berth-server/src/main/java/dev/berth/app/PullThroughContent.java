package dev.berth.app;

import dev.berth.api.oci.UpstreamContent;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.pullthrough.PullThroughCache;

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
  public void manifest(Repository repo, Reference reference, Runnable authorizeImport) {
    cache.manifest(repo, reference, authorizeImport);
  }

  @Override
  public void blob(Repository repo, Digest digest, Runnable authorizeImport) {
    cache.blob(repo, digest, authorizeImport);
  }
}
