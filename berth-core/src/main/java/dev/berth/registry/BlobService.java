package dev.berth.registry;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Blobs as a repository sees them: only linked blobs exist. */
public final class BlobService {
  private static final Logger LOG = LoggerFactory.getLogger(BlobService.class);

  private final MetadataStore meta;
  private final BlobStore blobs;

  public BlobService(MetadataStore meta, BlobStore blobs) {
    this.meta = meta;
    this.blobs = blobs;
  }

  /** The blob's size if the repository links it, else {@code BLOB_UNKNOWN}. */
  public BlobInfo stat(Repository repo, Digest digest) {
    return meta.blobs()
        .linkedSize(repo.id(), digest)
        .map(size -> new BlobInfo(digest, size))
        .orElseThrow(() -> unknown(digest));
  }

  /** Opens a range of a linked blob; the caller has validated the range against {@link #stat}. */
  public BlobContent open(Repository repo, Digest digest, long offset, long length) {
    stat(repo, digest);
    return blobs
        .open(digest, offset, length)
        .orElseThrow(
            () -> {
              LOG.error("failed to find bytes of a recorded blob digest={}", digest);
              return unknown(digest);
            });
  }

  /**
   * Unlinks the blob from the repository (its bytes go when garbage collection finds them unused).
   */
  public void delete(Repository repo, Digest digest) {
    if (!meta.blobs().unlink(repo.id(), digest)) {
      throw unknown(digest);
    }
  }

  private static RegistryException unknown(Digest digest) {
    return new RegistryException(
        ErrorKind.BLOB_UNKNOWN,
        "blob unknown to registry",
        java.util.Map.of("digest", digest.toString()));
  }
}
