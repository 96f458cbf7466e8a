package dev.berth.app;

import dev.berth.archive.ArchiveService;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.lifecycle.ImageTransitions;
import dev.berth.lifecycle.StorageClass;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lifecycle rule's {@code transition} action, carried out by the archive storage class. An image
 * that is gone, already archived, or listed by an active index is left as it is (the next run looks
 * again), as ECR skips what it cannot transition.
 */
final class ArchiveTransitions implements ImageTransitions {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveTransitions.class);

  private final ArchiveService archive;

  ArchiveTransitions(ArchiveService archive) {
    this.archive = archive;
  }

  @Override
  public boolean transition(Repository repo, Digest digest, StorageClass target) {
    if (target != StorageClass.ARCHIVE) {
      return false;
    }
    try {
      archive.archive(repo, digest);
      return true;
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.STORAGE_CLASS_UPDATE_UNSUPPORTED
          || e.kind() == ErrorKind.MANIFEST_UNKNOWN) {
        LOG.info(
            "lifecycle transition skipped repository={} digest={} reason={}",
            repo.name(),
            digest,
            e.getMessage());
        return false;
      }
      throw e;
    }
  }
}
