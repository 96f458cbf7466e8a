package dev.berth.lifecycle;

import dev.berth.meta.LifecycleStore;
import dev.berth.model.Digest;
import dev.berth.model.ImageSummary;
import dev.berth.model.Page;
import dev.berth.model.Repository;
import dev.berth.model.TagStatus;
import dev.berth.registry.ManifestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the evaluator is given of a repository: every image, whatever its storage class, with its
 * tags, times and archive history, and which manifests an index lists.
 */
final class RepositoryImages {
  private static final int PAGE = 1000;

  private final ManifestService manifests;
  private final LifecycleStore store;

  RepositoryImages(ManifestService manifests, LifecycleStore store) {
    this.manifests = manifests;
    this.store = store;
  }

  List<LifecycleImage> of(Repository repo) {
    Set<Digest> listed = store.manifestsListedByIndexes(repo.id());
    List<LifecycleImage> out = new ArrayList<>();
    Optional<String> after = Optional.empty();
    do {
      Page<ImageSummary> page = manifests.describe(repo, after, PAGE, TagStatus.ANY);
      for (ImageSummary s : page.items()) {
        out.add(
            new LifecycleImage(
                s.digest(),
                s.tags(),
                s.pushedAt(),
                s.lastPulledAt(),
                s.state().status(),
                s.state().lastArchivedAt(),
                s.state().lastActivatedAt(),
                s.subject(),
                listed.contains(s.digest())));
      }
      after = page.next();
    } while (after.isPresent());
    return out;
  }
}
