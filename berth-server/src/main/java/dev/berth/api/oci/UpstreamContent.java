package dev.berth.api.oci;

import dev.berth.blob.BlobContent;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import java.util.Optional;

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
   * The manifest to answer with, exactly as the upstream sent it, when the repository is covered
   * and lacks it (it is being stored meanwhile); empty to serve the repository's own. {@code
   * authorizeImport} throws when the caller may not import from the upstream and runs before
   * anything is fetched.
   */
  Optional<Manifest> manifest(Repository repo, Reference reference, Runnable authorizeImport);

  /**
   * As {@link #manifest}, for one blob: its download from the upstream, to stream as it arrives;
   * empty to serve the repository's own. Close what is returned.
   */
  Optional<Blob> blob(Repository repo, Digest digest, Runnable authorizeImport);

  /** A manifest's exact bytes, media type and digest. */
  record Manifest(String mediaType, byte[] content, Digest digest) {}

  /**
   * A blob on its way from the upstream: its content streams as it arrives, and fails (so that the
   * client sees a broken response) unless it is all there and matches the digest.
   */
  interface Blob extends AutoCloseable {
    /** The blob's length. */
    long size();

    /** The bytes {@code [offset, offset + length)}. */
    BlobContent open(long offset, long length);

    @Override
    void close();
  }

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
      public Optional<Manifest> manifest(
          Repository repo, Reference reference, Runnable authorizeImport) {
        return Optional.empty();
      }

      @Override
      public Optional<Blob> blob(Repository repo, Digest digest, Runnable authorizeImport) {
        return Optional.empty();
      }
    };
  }
}
