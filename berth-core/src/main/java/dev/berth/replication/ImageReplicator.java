package dev.berth.replication;

import dev.berth.meta.ImageReplication;
import dev.berth.meta.MetadataStore;
import dev.berth.model.ManifestRecord;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import java.util.List;
import java.util.Map;

/**
 * Copies one queued image to its destination: a registry of this deployment (a served region) or a
 * configured remote registry.
 */
final class ImageReplicator {
  private final MetadataStore meta;
  private final ReplicaTarget local;
  private final Map<RegistryId, ReplicaTarget> remotes;
  private final List<String> regions;

  ImageReplicator(
      MetadataStore meta,
      ReplicaTarget local,
      Map<RegistryId, ReplicaTarget> remotes,
      List<String> regions) {
    this.meta = meta;
    this.local = local;
    this.remotes = Map.copyOf(remotes);
    this.regions = List.copyOf(regions);
  }

  /** Copies the image; throws {@link ReplicationFailure} for a failure retrying cannot mend. */
  void replicate(ImageReplication task) {
    Repository source =
        meta.repositories()
            .findById(task.repositoryId())
            .orElseThrow(() -> gone("the source repository was deleted"));
    ManifestRecord image =
        meta.images()
            .findManifest(source.id(), task.digest())
            .orElseThrow(() -> gone("the image " + task.digest() + " was deleted at the source"));
    RegistryId destination = task.destination();
    ReplicaTarget target = remotes.get(destination);
    if (target == null) {
      if (!regions.contains(destination.region())) {
        throw new ReplicationFailure(
            ReplicationFailure.REGION_NOT_SERVED,
            "the region "
                + destination.region()
                + " is not served any more and no remote registry is configured for it");
      }
      target = local;
    }
    target.copy(source, image, meta.images().tagsOf(source.id(), image.digest()), destination);
  }

  private static ReplicationFailure gone(String why) {
    return new ReplicationFailure(ReplicationFailure.IMAGE_NOT_FOUND, why);
  }
}
