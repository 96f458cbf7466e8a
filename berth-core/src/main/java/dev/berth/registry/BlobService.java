package dev.berth.registry;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Blobs as a repository sees them: only linked blobs exist. */
public final class BlobService {
  private static final Logger LOG = LoggerFactory.getLogger(BlobService.class);

  /** How long a presigned download URL stays valid (ECR's layer URLs last minutes too). */
  public static final Duration DOWNLOAD_URL_TTL = Duration.ofMinutes(10);

  private final MetadataStore meta;
  private final BlobStore blobs;
  private final boolean redirect;

  /** Downloads stream through Berth. */
  public BlobService(MetadataStore meta, BlobStore blobs) {
    this(meta, blobs, false);
  }

  /**
   * With {@code redirect}, a download is sent to a presigned URL of the blob store when it can give
   * one ({@link #downloadUrl}).
   */
  public BlobService(MetadataStore meta, BlobStore blobs, boolean redirect) {
    this.meta = meta;
    this.blobs = blobs;
    this.redirect = redirect;
  }

  /**
   * Where a client may fetch the blob's bytes from the store itself, for {@link #DOWNLOAD_URL_TTL};
   * empty when downloads stream through Berth (redirects off, or a store that cannot presign). The
   * caller has authorized the pull and checked the link ({@link #statForPull}).
   */
  public Optional<URI> downloadUrl(Digest digest) {
    return redirect ? blobs.presign(digest, DOWNLOAD_URL_TTL) : Optional.empty();
  }

  /** The blob's size if the repository links it, else {@code BLOB_UNKNOWN}. */
  public BlobInfo stat(Repository repo, Digest digest) {
    return meta.blobs()
        .linkedSize(repo.id(), digest)
        .map(size -> new BlobInfo(digest, size))
        .orElseThrow(() -> unknown(digest));
  }

  /**
   * As {@link #stat}, for a download: a layer or config that only archived (or restoring) images of
   * the repository use is {@code BLOB_UNKNOWN}, as pulling an archived image fails with a 404 in
   * ECR. A layer an ACTIVE image uses is served wherever its bytes are.
   */
  public BlobInfo statForPull(Repository repo, Digest digest) {
    BlobInfo info = stat(repo, digest);
    if (meta.storageClasses().usedOnlyByInactive(repo.id(), digest)) {
      throw new RegistryException(
          ErrorKind.BLOB_UNKNOWN,
          "The layer '"
              + digest
              + "' is used only by archived images of the repository and cannot be downloaded;"
              + " restore an image that uses it with UpdateImageStorageClass",
          java.util.Map.of("digest", digest.toString()));
    }
    return info;
  }

  /** Opens a range of a linked blob; the caller has validated the range against {@link #stat}. */
  public BlobContent open(Repository repo, Digest digest, long offset, long length) {
    stat(repo, digest);
    return blobs
        .open(digest, offset, length)
        .orElseThrow(
            () -> {
              // The link went and the collector removed the blob between stat and open (an
              // unreferenced blob past its grace period), or the bytes were lost.
              LOG.warn("failed to find bytes of a linked blob digest={}", digest);
              return unknown(digest);
            });
  }

  /**
   * Unlinks a blob no manifest of the repository references (its bytes go when garbage collection
   * finds them unused). ECR has no blob delete at all; Berth allows this much so an abandoned
   * upload can be tidied, and answers {@code UNSUPPORTED} for a blob an image still uses: unlinking
   * it would leave the image listed but unpullable.
   */
  public void delete(Repository repo, Digest digest) {
    meta.transactions()
        .run(
            () -> {
              if (meta.blobs().linkedSize(repo.id(), digest).isEmpty()) {
                throw unknown(digest);
              }
              if (meta.images().isBlobReferenced(repo.id(), digest)) {
                throw new RegistryException(
                    ErrorKind.UNSUPPORTED,
                    "the blob is a layer or config of an image in the repository and cannot be"
                        + " deleted; delete the image instead",
                    java.util.Map.of("digest", digest.toString()));
              }
              meta.blobs().unlink(repo.id(), digest);
            });
  }

  private static RegistryException unknown(Digest digest) {
    return new RegistryException(
        ErrorKind.BLOB_UNKNOWN,
        "blob unknown to registry",
        java.util.Map.of("digest", digest.toString()));
  }
}
