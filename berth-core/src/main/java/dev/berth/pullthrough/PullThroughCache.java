package dev.berth.pullthrough;

import dev.berth.distribution.DistributionClient;
import dev.berth.distribution.DistributionException;
import dev.berth.distribution.FetchedManifest;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.ParsedManifest;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import dev.berth.upload.UploadService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills cache repositories from their rule's upstream on a miss. A manifest is stored exactly as
 * received (its digest checked when asked for by digest), after its config and layers (each hashed
 * while it streams into the blob store and committed only when its digest matches) or, for an
 * index, its child manifests; concurrent imports of one manifest or blob on a node run once. A tag
 * is checked upstream again at most once per refresh interval; when the upstream cannot be reached,
 * what is cached is served.
 */
public final class PullThroughCache {
  private static final Logger LOG = LoggerFactory.getLogger(PullThroughCache.class);
  private static final String OWNER = "pull-through-cache";

  private final PullThroughRules rules;
  private final RepositoryService repositories;
  private final ManifestService manifests;
  private final BlobService blobs;
  private final UploadService uploads;
  private final CacheRepositories creator;
  private final Duration refresh;
  private final Clock clock;
  private final InFlight inFlight = new InFlight();
  private final ConcurrentMap<String, Instant> checked = new ConcurrentHashMap<>();

  public PullThroughCache(
      PullThroughRules rules,
      RepositoryService repositories,
      ManifestService manifests,
      BlobService blobs,
      UploadService uploads,
      CacheRepositories creator,
      Duration refresh,
      Clock clock) {
    this.rules = rules;
    this.repositories = repositories;
    this.manifests = manifests;
    this.blobs = blobs;
    this.uploads = uploads;
    this.creator = creator;
    this.refresh = refresh;
    this.clock = clock;
  }

  /** Whether a rule of the registry covers the repository name. */
  public boolean covers(RegistryId registry, RepositoryName name) {
    return rules.match(registry, name).isPresent();
  }

  /** Creates the cache repository (or finds the one a concurrent pull created). */
  public Repository createRepository(RegistryId registry, RepositoryName name) {
    try {
      return creator.create(registry, name);
    } catch (RegistryException e) {
      if (e.kind() != ErrorKind.REPOSITORY_ALREADY_EXISTS) {
        throw e;
      }
      return repositories.get(registry, name);
    }
  }

  /**
   * Makes the manifest present when a rule covers the repository: a missing digest or tag is
   * imported, a cached tag is checked upstream once per refresh interval. {@code authorizeImport}
   * runs before anything is fetched. Failures to reach the upstream leave the repository as it is.
   */
  public void manifest(Repository repo, Reference reference, Runnable authorizeImport) {
    Optional<RuleMatch> match = rules.match(repo.registry(), repo.name());
    if (match.isEmpty()) {
      return;
    }
    switch (reference) {
      case Reference.ByDigest d -> {
        if (!manifests.exists(repo, d.digest())) {
          authorizeImport.run();
          upstream(repo, d.toString(), () -> byDigest(repo, match.get(), d.digest()));
        }
      }
      case Reference.ByTag t -> {
        Optional<Digest> local = manifests.tagged(repo, t.tag());
        String key = repo.id() + ":" + t.tag().value();
        Instant last = checked.get(key);
        if (local.isPresent() && last != null && last.plus(refresh).isAfter(clock.instant())) {
          return;
        }
        if (local.isEmpty()) {
          authorizeImport.run();
        }
        upstream(repo, t.toString(), () -> byTag(repo, match.get(), t, local, authorizeImport));
        checked.put(key, clock.instant());
      }
    }
  }

  /** Imports a blob a rule's repository lacks (a client may ask for one without its manifest). */
  public void blob(Repository repo, Digest digest, Runnable authorizeImport) {
    Optional<RuleMatch> match = rules.match(repo.registry(), repo.name());
    if (match.isEmpty() || linked(repo, digest)) {
      return;
    }
    authorizeImport.run();
    DistributionClient client = rules.client(match.get().rule());
    upstream(repo, digest.toString(), () -> blob(client, repo, match.get(), digest));
  }

  private void upstream(Repository repo, String what, Runnable work) {
    try {
      inFlight.run(repo.id() + "@" + what, work);
    } catch (DistributionException e) {
      LOG.warn(
          "failed to fetch from upstream repository={} reference={} error={}",
          repo.name().value(),
          what,
          e.getMessage());
    }
  }

  private void byDigest(Repository repo, RuleMatch match, Digest digest) {
    if (manifests.exists(repo, digest)) {
      return;
    }
    DistributionClient client = rules.client(match.rule());
    client
        .manifest(match.upstreamRepository(), digest.toString())
        .ifPresent(m -> store(client, repo, match, m, new Reference.ByDigest(digest)));
  }

  private void byTag(
      Repository repo,
      RuleMatch match,
      Reference.ByTag tag,
      Optional<Digest> local,
      Runnable authorizeImport) {
    DistributionClient client = rules.client(match.rule());
    if (local.isPresent()) {
      Optional<Digest> now = client.tagDigest(match.upstreamRepository(), tag.toString());
      if (now.isEmpty() || now.equals(local)) {
        return;
      }
      try {
        authorizeImport.run();
      } catch (RegistryException e) {
        return; // a caller who may not import still pulls what is cached
      }
    }
    client
        .manifest(match.upstreamRepository(), tag.toString())
        .ifPresent(m -> store(client, repo, match, m, tag));
  }

  private void store(
      DistributionClient client,
      Repository repo,
      RuleMatch match,
      FetchedManifest manifest,
      Reference reference) {
    ParsedManifest parsed = ManifestParser.parse(manifest.mediaType(), manifest.bytes());
    if (parsed.isIndex()) {
      for (Descriptor child : parsed.manifests()) {
        if (manifests.exists(repo, child.digest())) {
          continue;
        }
        FetchedManifest m =
            client
                .manifest(match.upstreamRepository(), child.digest().toString())
                .orElseThrow(
                    () ->
                        new DistributionException(
                            "upstream lacks child manifest " + child.digest()));
        store(client, repo, match, m, new Reference.ByDigest(child.digest()));
      }
    } else {
      List<Descriptor> blobs = new ArrayList<>();
      parsed.config().ifPresent(blobs::add);
      parsed.layers().stream()
          .filter(l -> !MediaTypes.FOREIGN_LAYERS.contains(l.mediaType()))
          .forEach(blobs::add);
      for (Descriptor d : blobs) {
        inFlight.run(repo.id() + "@" + d.digest(), () -> blob(client, repo, match, d.digest()));
      }
    }
    manifests.put(repo, reference, manifest.mediaType(), manifest.bytes());
  }

  private void blob(DistributionClient client, Repository repo, RuleMatch match, Digest digest) {
    if (linked(repo, digest)) {
      return;
    }
    try (InputStream in = client.blob(match.upstreamRepository(), digest)) {
      uploads.upload(repo, OWNER, digest, in);
    } catch (IOException e) {
      throw new DistributionException("failed to read blob " + digest + " from upstream", e);
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.DIGEST_INVALID) {
        throw new DistributionException("upstream sent bytes that do not match " + digest, e);
      }
      throw e;
    }
  }

  private boolean linked(Repository repo, Digest digest) {
    try {
      blobs.stat(repo, digest);
      return true;
    } catch (RegistryException e) {
      return false;
    }
  }
}
