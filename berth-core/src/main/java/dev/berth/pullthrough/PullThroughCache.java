package dev.berth.pullthrough;

import dev.berth.distribution.DistributionClient;
import dev.berth.distribution.DistributionException;
import dev.berth.distribution.FetchedManifest;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import dev.berth.upload.UploadService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills cache repositories from their rule's upstream on a miss, answering the client at once. A
 * missing manifest is fetched and returned to the caller exactly as the upstream sent it (its
 * digest checked when asked for by digest) while the image is imported in the background ({@link
 * ImageImports}: the manifest is stored once everything it references is). A missing blob is
 * downloaded once per node ({@link Downloads}) into the blob store through the upload path, and
 * every client asking for it meanwhile follows that download as it arrives ({@link FollowedBlob}).
 * A tag is checked upstream again at most once per refresh interval; when the upstream cannot be
 * reached, what is cached is served.
 */
public final class PullThroughCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PullThroughCache.class);

  /** How long a blob download may receive nothing from the upstream before it is stopped. */
  static final Duration STALLED = Duration.ofMinutes(2);

  private final PullThroughRules rules;
  private final RepositoryService repositories;
  private final ManifestService manifests;
  private final BlobService blobs;
  private final CacheRepositories creator;
  private final Duration refresh;
  private final Clock clock;
  private final Downloads downloads;
  private final ImageImports imports;
  private final Background background = new Background();
  private final ConcurrentMap<String, Instant> checked = new ConcurrentHashMap<>();

  /**
   * @param spool a local directory for the blobs being downloaded (emptied now)
   */
  public PullThroughCache(
      PullThroughRules rules,
      RepositoryService repositories,
      ManifestService manifests,
      BlobService blobs,
      UploadService uploads,
      CacheRepositories creator,
      Duration refresh,
      Clock clock,
      Path spool) {
    this.rules = rules;
    this.repositories = repositories;
    this.manifests = manifests;
    this.blobs = blobs;
    this.creator = creator;
    this.refresh = refresh;
    this.clock = clock;
    this.downloads = new Downloads(spool, uploads, this::linked, background, STALLED);
    this.imports = new ImageImports(rules, manifests, downloads, this::linked, background);
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
   * The manifest to answer with when a rule covers the repository and the upstream has one the
   * repository lacks (a missing digest or tag, or a cached tag that moved when checked, at most
   * once per refresh interval): its import has started. Empty when the repository's own manifest is
   * to be served (or none: the upstream lacks it or cannot be reached). {@code authorizeImport}
   * runs before anything is fetched for an import.
   */
  public Optional<FetchedManifest> manifest(
      Repository repo, Reference reference, Runnable authorizeImport) {
    Optional<RuleMatch> match = rules.match(repo.registry(), repo.name());
    if (match.isEmpty()) {
      return Optional.empty();
    }
    return switch (reference) {
      case Reference.ByDigest d -> {
        if (manifests.exists(repo, d.digest())) {
          yield Optional.empty();
        }
        authorizeImport.run();
        Optional<FetchedManifest> under = imports.importing(repo, d);
        if (under.isPresent()) {
          yield under;
        }
        yield upstream(repo, d, () -> byDigest(repo, match.get(), d));
      }
      case Reference.ByTag t -> byTag(repo, match.get(), t, authorizeImport);
    };
  }

  private Optional<FetchedManifest> byTag(
      Repository repo, RuleMatch match, Reference.ByTag tag, Runnable authorizeImport) {
    Optional<Digest> local = manifests.tagged(repo, tag.tag());
    Optional<FetchedManifest> under = imports.importing(repo, tag);
    if (under.isPresent()) {
      try {
        authorizeImport.run();
        return under;
      } catch (RegistryException e) {
        if (local.isEmpty()) {
          throw e;
        }
        return Optional.empty(); // a caller who may not import still pulls what is cached
      }
    }
    String key = repo.id() + ":" + tag;
    Instant last = checked.get(key);
    if (local.isPresent() && last != null && last.plus(refresh).isAfter(clock.instant())) {
      return Optional.empty();
    }
    if (local.isEmpty()) {
      authorizeImport.run();
    }
    return upstream(
        repo,
        tag,
        () -> {
          DistributionClient client = rules.client(match.rule());
          if (local.isPresent()) {
            Optional<Digest> now = client.tagDigest(match.upstreamRepository(), tag.toString());
            if (now.isEmpty() || now.equals(local)) {
              checked.put(key, clock.instant());
              return Optional.empty();
            }
            try {
              authorizeImport.run();
            } catch (RegistryException e) {
              return Optional.empty(); // a caller who may not import still pulls what is cached
            }
          }
          Optional<FetchedManifest> m = client.manifest(match.upstreamRepository(), tag.toString());
          m.ifPresent(
              fetched ->
                  imports.start(
                      repo, match, fetched, tag, () -> checked.put(key, clock.instant())));
          return m;
        });
  }

  private Optional<FetchedManifest> byDigest(
      Repository repo, RuleMatch match, Reference.ByDigest digest) {
    Optional<FetchedManifest> m =
        rules.client(match.rule()).manifest(match.upstreamRepository(), digest.toString());
    if (m.isPresent() && !m.get().digest().equals(digest.digest())) {
      throw new DistributionException("upstream sent a manifest that does not match " + digest);
    }
    m.ifPresent(fetched -> imports.start(repo, match, fetched, digest, () -> {}));
    return m;
  }

  /**
   * The download to follow when a rule covers the repository and it lacks the blob: the one under
   * way on this node, or one started now. Empty when the repository's own blob is to be served
   * (stored meanwhile, or not to be had from the upstream). {@code authorizeImport} runs before
   * anything is fetched. Close what is returned.
   */
  public Optional<FollowedBlob> blob(Repository repo, Digest digest, Runnable authorizeImport) {
    Optional<RuleMatch> match = rules.match(repo.registry(), repo.name());
    if (match.isEmpty() || linked(repo, digest)) {
      return Optional.empty();
    }
    authorizeImport.run();
    RuleMatch m = match.get();
    Download d =
        downloads.start(
            repo,
            digest,
            OptionalLong.empty(),
            () -> rules.client(m.rule()).openBlob(m.upstreamRepository(), digest));
    Optional<FollowedBlob> followed = d.follow();
    if (followed.isEmpty()) {
      d.awaitEnd(); // no length to answer with before the end: serve it from the store then
    }
    return followed;
  }

  /** Stops the imports and downloads under way (waiting a little for them to end). */
  @Override
  public void close() {
    background.close(Duration.ofSeconds(5));
  }

  private Optional<FetchedManifest> upstream(
      Repository repo, Reference reference, Supplier<Optional<FetchedManifest>> work) {
    try {
      return work.get();
    } catch (DistributionException e) {
      LOG.warn(
          "failed to fetch from upstream repository={} reference={} error={}",
          repo.name().value(),
          reference,
          e.getMessage());
      return Optional.empty();
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
