package dev.berth.replication;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.ParsedManifest;
import dev.berth.registry.ManifestService;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Copies an image to a registry of this deployment: the destination repository (created when
 * missing), blob links (the blob store is shared, so no bytes move), the children of an index
 * before the index, the manifest's exact bytes, and every tag the source gives it. Each step is
 * idempotent, so a copy interrupted anywhere (kill -9) is simply run again.
 */
final class LocalTarget implements ReplicaTarget {
  private final MetadataStore meta;
  private final ManifestService manifests;
  private final DestinationRegistries destinations;
  private final Clock clock;

  LocalTarget(
      MetadataStore meta,
      ManifestService manifests,
      DestinationRegistries destinations,
      Clock clock) {
    this.meta = meta;
    this.manifests = manifests;
    this.destinations = destinations;
    this.clock = clock;
  }

  @Override
  public void copy(
      Repository source, ManifestRecord image, List<String> tags, RegistryId destination) {
    Repository target = repository(source, destination);
    copy(source, target, image, new HashSet<>());
    for (String tag : tags) {
      store(target, new Reference.ByTag(new Tag(tag)), image);
    }
  }

  private Repository repository(Repository source, RegistryId destination) {
    String arn = destination.arn("repository/" + source.name().value());
    boolean crossAccount = !destination.account().equals(source.account());
    if (crossAccount
        && !destinations.allows(source.account(), destination, "ecr:ReplicateImage", arn)) {
      throw denied(source, destination, "ecr:ReplicateImage");
    }
    Optional<Repository> existing = meta.repositories().find(destination, source.name());
    if (existing.isPresent()) {
      return existing.get();
    }
    if (crossAccount
        && !destinations.allows(source.account(), destination, "ecr:CreateRepository", arn)) {
      throw denied(source, destination, "ecr:CreateRepository");
    }
    return destinations.create(destination, source.name());
  }

  /** Copies a manifest with what it references, children of an index first. */
  private void copy(Repository source, Repository target, ManifestRecord image, Set<Digest> seen) {
    if (!seen.add(image.digest())) {
      return;
    }
    ParsedManifest parsed = ManifestParser.parse(image.mediaType(), image.content());
    for (Descriptor child : parsed.manifests()) {
      if (!manifests.exists(target, child.digest())) {
        ManifestRecord record =
            meta.images()
                .findManifest(source.id(), child.digest())
                .orElseThrow(() -> ReplicationFailure.gone(child));
        copy(source, target, record, seen);
      }
    }
    parsed.config().ifPresent(c -> link(target, c.digest()));
    parsed.layers().forEach(l -> link(target, l.digest()));
    store(target, new Reference.ByDigest(image.digest()), image);
  }

  private void link(Repository target, Digest blob) {
    meta.blobs().link(target.id(), blob, clock.instant());
  }

  private void store(Repository target, Reference reference, ManifestRecord image) {
    try {
      ReplicationService.asReplica(
          () -> manifests.put(target, reference, image.mediaType(), image.content()));
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.TAG_IMMUTABLE) {
        throw new ReplicationFailure(ReplicationFailure.TAG_IMMUTABLE, e.getMessage());
      }
      throw e;
    }
  }

  private static ReplicationFailure denied(
      Repository source, RegistryId destination, String action) {
    return ReplicationFailure.denied(
        "the registry policy of "
            + destination
            + " does not allow "
            + action
            + " to account "
            + source.account().value());
  }
}
