package dev.berth.lifecycle;

import dev.berth.model.Digest;
import dev.berth.model.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an image to another storage class: what a rule's {@code transition} action calls. The
 * composition root supplies the archive storage class's implementation.
 */
@FunctionalInterface
public interface ImageTransitions {
  /**
   * Starts moving the image to {@code target}; returns whether it was moved (or is moving). An
   * image that is gone or already there is not an error.
   */
  boolean transition(Repository repo, Digest digest, StorageClass target);

  /** Until the archive storage class exists: leaves the image where it is and says so. */
  static ImageTransitions unavailable() {
    Logger log = LoggerFactory.getLogger(ImageTransitions.class);
    return (repo, digest, target) -> {
      log.warn(
          "lifecycle transition skipped, the archive storage class is not available yet"
              + " repository={} digest={} target={}",
          repo.name(),
          digest,
          target);
      return false;
    };
  }
}
