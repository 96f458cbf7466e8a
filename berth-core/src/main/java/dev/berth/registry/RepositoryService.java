package dev.berth.registry;

import dev.berth.blob.BlobStaging;
import dev.berth.common.Ids;
import dev.berth.error.ErrorKind;
import dev.berth.error.Errors;
import dev.berth.error.RegistryException;
import dev.berth.meta.DomainEvent;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import dev.berth.model.RepositoryUsage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Repositories of each private registry (account and region): create, find, list, delete. */
public final class RepositoryService {
  /** How long a found repository is reused before it is looked up again (other nodes' changes). */
  private static final java.time.Duration TTL = java.time.Duration.ofSeconds(5);

  private final MetadataStore meta;
  private final Clock clock;
  private final Map<String, Cached> found = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Counts this node's deletes: a lookup that raced with one does not cache what it read, which
   * could be the repository just deleted.
   */
  private final java.util.concurrent.atomic.AtomicLong deletes =
      new java.util.concurrent.atomic.AtomicLong();

  /** A repository as last read, and when. */
  private record Cached(Repository repository, java.time.Instant loadedAt) {}

  /** Drops the staged bytes of upload sessions that go with a deleted repository. */
  private final java.util.function.Consumer<String> discardStaging;

  /**
   * A service that leaves the staged bytes of a deleted repository's upload sessions to
   * housekeeping's sweep of staging no session owns.
   */
  public RepositoryService(MetadataStore meta, Clock clock) {
    this(meta, key -> {}, clock);
  }

  /** A service that drops the staged bytes of a deleted repository's upload sessions at once. */
  public RepositoryService(MetadataStore meta, BlobStaging staging, Clock clock) {
    this(meta, (java.util.function.Consumer<String>) staging::discard, clock);
  }

  private RepositoryService(
      MetadataStore meta, java.util.function.Consumer<String> discardStaging, Clock clock) {
    this.meta = meta;
    this.discardStaging = discardStaging;
    this.clock = clock;
  }

  /** Parses a repository name, answering {@code NAME_INVALID} for a bad one. */
  public static RepositoryName name(String text) {
    return RepositoryName.parse(text)
        .map(RepositoryName::new)
        .orElseThrow(() -> Errors.nameInvalid(text));
  }

  /** Creates a repository with default settings but the given mutability and scanning. */
  public Repository create(
      RegistryId registry, RepositoryName name, ImageTagMutability mutability, boolean scanOnPush) {
    RepositorySettings d = RepositorySettings.defaults();
    return create(
        registry,
        name,
        new RepositorySettings(mutability, List.of(), scanOnPush, d.encryptionType(), d.kmsKey()),
        Map.of());
  }

  /** Creates a repository with its settings and resource tags, atomically. */
  public Repository create(
      RegistryId registry,
      RepositoryName name,
      RepositorySettings settings,
      Map<String, String> tags) {
    return create(registry, name, settings, tags, r -> {});
  }

  /**
   * As {@link #create(RegistryId, RepositoryName, RepositorySettings, Map)}, running {@code
   * alongside} with the new repository in the creating transaction (the policies a creation
   * template gives it, written through the metadata ports): all of it is written or none.
   */
  public Repository create(
      RegistryId registry,
      RepositoryName name,
      RepositorySettings settings,
      Map<String, String> tags,
      java.util.function.Consumer<Repository> alongside) {
    meta.accounts().ensure(registry.account(), clock.instant());
    Repository repo = new Repository(Ids.uuid(), registry, name, clock.instant(), settings);
    boolean created =
        meta.transactions()
            .inTransaction(
                () -> {
                  if (!meta.repositories().create(repo)) {
                    return false;
                  }
                  meta.resourceTags().put(repo.arn(), tags);
                  alongside.accept(repo);
                  changed(repo);
                  return true;
                });
    if (!created) {
      throw new RegistryException(
          ErrorKind.REPOSITORY_ALREADY_EXISTS,
          "The repository with name '"
              + name.value()
              + "' already exists in the registry with id '"
              + registry.account().value()
              + "'");
    }
    return repo;
  }

  /** The repository, or {@code REPOSITORY_NOT_FOUND} with ECR's message. */
  public Repository get(RegistryId registry, RepositoryName name) {
    return find(registry, name)
        .orElseThrow(() -> Errors.repositoryNotFound(registry.account(), name));
  }

  /**
   * The repository if it exists. Found repositories are reused for a few seconds; this node's own
   * changes replace them at once.
   */
  public Optional<Repository> find(RegistryId registry, RepositoryName name) {
    String key = key(registry, name);
    Cached c = found.get(key);
    if (c != null && c.loadedAt().plus(TTL).isAfter(clock.instant())) {
      return Optional.of(c.repository());
    }
    long before = deletes.get();
    Optional<Repository> repo = meta.repositories().find(registry, name);
    if (repo.isEmpty()) {
      found.remove(key);
      return repo;
    }
    if (found.size() > 10_000) {
      found.clear();
    }
    Cached fresh = new Cached(repo.get(), clock.instant());
    found.put(key, fresh);
    if (deletes.get() != before) {
      // A delete ran meanwhile: what was read may be the repository it removed.
      found.remove(key, fresh);
    }
    return repo;
  }

  private static String key(RegistryId registry, RepositoryName name) {
    return registry + "/" + name.value();
  }

  private void forget(RegistryId registry, RepositoryName name) {
    found.remove(key(registry, name));
  }

  /** Appends the repository's change to the outbox, in the current transaction if any. */
  private void changed(Repository repo) {
    meta.events()
        .append(
            DomainEvent.repositoryChanged(repo.registry(), repo.name().value()), clock.instant());
  }

  /**
   * Forgets what this node found of a repository another node (or this one) changed: a lookup
   * racing with the event does not cache what it read either.
   */
  public void changed(DomainEvent event) {
    if (event.kind() == DomainEvent.Kind.REPOSITORY_CHANGED
        && RepositoryName.isValid(event.subject())
        && (RegistryId.isRegionName(event.region()) || RegistryId.PUBLIC.equals(event.region()))) {
      deletes.incrementAndGet();
      forget(new RegistryId(event.account(), event.region()), new RepositoryName(event.subject()));
    }
  }

  public Page<Repository> list(RegistryId registry, Optional<String> after, int limit) {
    return meta.repositories().list(registry, after, limit);
  }

  /** How many images the repository holds and the bytes of their distinct blobs. */
  public RepositoryUsage usage(Repository repo) {
    return meta.images().usage(repo.id());
  }

  /** Deletes the repository; without {@code force} it must hold no images. */
  public Repository delete(RegistryId registry, RepositoryName name, boolean force) {
    Repository repo = get(registry, name);
    AccountId account = registry.account();
    deletes.incrementAndGet();
    forget(registry, name);
    List<String> sessions;
    try {
      sessions =
          meta.transactions()
              .inTransaction(
                  () -> {
                    // Checked in the deleting transaction, so an image pushed meanwhile is counted.
                    List<String> ids = meta.uploads().idsOf(repo.id());
                    if (!force && meta.images().countManifests(repo.id()) > 0) {
                      throw new RegistryException(
                          ErrorKind.REPOSITORY_NOT_EMPTY,
                          "The repository with name '"
                              + name.value()
                              + "' in registry with id '"
                              + account.value()
                              + "' cannot be deleted because it still contains images");
                    }
                    if (!meta.repositories().delete(repo.id())) {
                      throw Errors.repositoryNotFound(account, name);
                    }
                    meta.resourceTags().removeAll(repo.arn());
                    changed(repo);
                    return ids;
                  });
    } finally {
      deletes.incrementAndGet();
      forget(registry, name);
    }
    // The session rows went with the repository (an upload still streaming finds its row gone
    // and answers BLOB_UPLOAD_UNKNOWN); their staged bytes go now, not at the next sweep.
    sessions.forEach(discardStaging);
    return repo;
  }

  /** Changes tag mutability (with exclusion filters for the {@code *_WITH_EXCLUSION} modes). */
  public Repository setTagMutability(
      RegistryId registry,
      RepositoryName name,
      ImageTagMutability mutability,
      List<String> filters) {
    Repository repo = get(registry, name);
    RepositorySettings settings = repo.settings().withTagMutability(mutability, filters);
    meta.transactions()
        .run(
            () -> {
              meta.repositories().updateSettings(repo.id(), settings);
              changed(repo);
            });
    forget(registry, name);
    return new Repository(repo.id(), repo.registry(), repo.name(), repo.createdAt(), settings);
  }

  /** The repository's policy, or {@code NO_SUCH_ENTITY}. */
  public String policy(Repository repo) {
    return meta.resourcePolicies()
        .repositoryPolicy(repo.id())
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.NO_SUCH_ENTITY,
                    "Repository policy does not exist for the repository with name '"
                        + repo.name().value()
                        + "' in the registry with id '"
                        + repo.account().value()
                        + "'"));
  }

  /** The repository's policy if it has one. */
  public java.util.Optional<String> findPolicy(Repository repo) {
    return meta.resourcePolicies().repositoryPolicy(repo.id());
  }

  /** Sets the repository policy (validated by the caller). */
  public void setPolicy(Repository repo, String document) {
    meta.transactions()
        .run(
            () -> {
              meta.resourcePolicies().setRepositoryPolicy(repo.id(), document);
              changed(repo);
            });
  }

  /** Deletes the repository policy and returns it. */
  public String deletePolicy(Repository repo) {
    return meta.transactions()
        .inTransaction(
            () -> {
              String old = policy(repo);
              meta.resourcePolicies().deleteRepositoryPolicy(repo.id());
              changed(repo);
              return old;
            });
  }

  /** The registry's policy, if any. */
  public java.util.Optional<String> registryPolicy(RegistryId registry) {
    return meta.resourcePolicies().registryPolicy(registry);
  }

  public void setRegistryPolicy(RegistryId registry, String document) {
    meta.accounts().ensure(registry.account(), clock.instant());
    meta.transactions()
        .run(
            () -> {
              meta.resourcePolicies().setRegistryPolicy(registry, document);
              meta.events().append(DomainEvent.registryChanged(registry), clock.instant());
            });
  }

  public boolean deleteRegistryPolicy(RegistryId registry) {
    return meta.transactions()
        .inTransaction(
            () -> {
              meta.events().append(DomainEvent.registryChanged(registry), clock.instant());
              return meta.resourcePolicies().deleteRegistryPolicy(registry);
            });
  }

  /** The repository's resource tags. */
  public Map<String, String> tags(Repository repo) {
    return meta.resourceTags().tags(repo.arn());
  }

  /** Adds or overwrites tags; at most {@code limit} tags may result. */
  public void tag(Repository repo, Map<String, String> tags, int limit) {
    meta.transactions()
        .run(
            () -> {
              Map<String, String> merged = new java.util.HashMap<>(tags(repo));
              merged.putAll(tags);
              if (merged.size() > limit) {
                throw new RegistryException(
                    ErrorKind.LIMIT_EXCEEDED, "a repository may have at most " + limit + " tags");
              }
              meta.resourceTags().put(repo.arn(), tags);
              changed(repo);
            });
  }

  public void untag(Repository repo, List<String> keys) {
    meta.transactions()
        .run(
            () -> {
              meta.resourceTags().remove(repo.arn(), keys);
              changed(repo);
            });
  }
}
