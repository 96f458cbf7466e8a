package dev.berth.api.oci;

import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;

/**
 * Content a pull may find upstream when the registry lacks it (the pull-through cache, wired by the
 * composition root). {@link #none()} covers nothing, and pulls behave as without it.
 */
public interface UpstreamContent {
  /** Whether a missing repository of that name would be created from an upstream. */
  boolean covers(RegistryId registry, RepositoryName name);

  /** Creates the covered repository (or returns the one a concurrent pull created). */
  Repository createRepository(RegistryId registry, RepositoryName name);

  /**
   * Makes the manifest present if the repository is covered; {@code authorizeImport} throws when
   * the caller may not import from the upstream and runs before anything is fetched.
   */
  void manifest(Repository repo, Reference reference, Runnable authorizeImport);

  /** As {@link #manifest}, for one blob. */
  void blob(Repository repo, Digest digest, Runnable authorizeImport);

  /** No upstream at all. */
  static UpstreamContent none() {
    return new UpstreamContent() {
      @Override
      public boolean covers(RegistryId registry, RepositoryName name) {
        return false;
      }

      @Override
      public Repository createRepository(RegistryId registry, RepositoryName name) {
        throw new IllegalStateException("no upstream covers " + name.value());
      }

      @Override
      public void manifest(Repository repo, Reference reference, Runnable authorizeImport) {}

      @Override
      public void blob(Repository repo, Digest digest, Runnable authorizeImport) {}
    };
  }
}
