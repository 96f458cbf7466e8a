package dev.berth.replication;

import dev.berth.model.ManifestRecord;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import java.util.List;

/** Where replication copies images to: a registry of this deployment, or of a remote one. */
interface ReplicaTarget {
  /**
   * Copies the image, with what it references, to the repository of the source's name in {@code
   * destination} and gives it every tag in {@code tags}; idempotent, so it may simply run again.
   * Throws {@link ReplicationFailure} for a failure retrying cannot mend.
   */
  void copy(Repository source, ManifestRecord image, List<String> tags, RegistryId destination);
}
