package dev.berth.templates;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.lifecycle.LifecyclePolicy;
import dev.berth.meta.DomainEvent;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AppliedFor;
import dev.berth.model.CreationTemplate;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import dev.berth.registry.RepositoryService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The repository creation templates of each registry (Create/Describe/Update/Delete
 * RepositoryCreationTemplate) and the creation of repositories from them; see {@code package-info}
 * for how a template is chosen.
 */
public final class CreationTemplateService {
  /** ECR's quota: "Repository creation templates per registry: 50". */
  public static final int LIMIT = 50;

  private final MetadataStore meta;
  private final RepositoryService repositories;
  private final Clock clock;

  public CreationTemplateService(MetadataStore meta, RepositoryService repositories, Clock clock) {
    this.meta = meta;
    this.repositories = repositories;
    this.clock = clock;
  }

  /** Adds the template (its times are set now); its repository policy is the caller's to check. */
  public CreationTemplate create(RegistryId registry, CreationTemplate template) {
    validate(template);
    Instant now = now();
    CreationTemplate stamped = template.at(now, now);
    meta.accounts().ensure(registry.account(), now);
    return meta.transactions()
        .inTransaction(
            () -> {
              if (find(registry, template.prefix()).isPresent()
                  || !meta.creationTemplates().create(registry, stamped)) {
                throw new RegistryException(
                    ErrorKind.ENTITY_ALREADY_EXISTS,
                    "The repository creation template with prefix '"
                        + template.prefix()
                        + "' already exists in the registry with id '"
                        + registry.account().value()
                        + "'");
              }
              if (meta.creationTemplates().count(registry) > LIMIT) {
                throw new RegistryException(
                    ErrorKind.LIMIT_EXCEEDED,
                    "The registry with id '"
                        + registry.account().value()
                        + "' already has the maximum of "
                        + LIMIT
                        + " repository creation templates");
              }
              changed(registry, now);
              return stamped;
            });
  }

  /** Changes the template with the prefix (or the same namespace); returns it as stored. */
  public CreationTemplate update(
      RegistryId registry, String prefix, UnaryOperator<CreationTemplate> change) {
    Instant now = now();
    return meta.transactions()
        .inTransaction(
            () -> {
              CreationTemplate old = get(registry, prefix);
              CreationTemplate updated = change.apply(old).at(old.createdAt(), now);
              if (!updated.prefix().equals(old.prefix())) {
                throw new IllegalArgumentException("an update keeps the template's prefix");
              }
              validate(updated);
              meta.creationTemplates().update(registry, updated);
              changed(registry, now);
              return updated;
            });
  }

  /** Removes the template and returns it. */
  public CreationTemplate delete(RegistryId registry, String prefix) {
    return meta.transactions()
        .inTransaction(
            () -> {
              CreationTemplate old = get(registry, prefix);
              meta.creationTemplates().delete(registry, old.prefix());
              changed(registry, clock.instant());
              return old;
            });
  }

  /** The template with the prefix (or the same namespace), or {@code NO_SUCH_ENTITY}. */
  public CreationTemplate get(RegistryId registry, String prefix) {
    return find(registry, prefix)
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.NO_SUCH_ENTITY,
                    "The repository creation template with prefix '"
                        + prefix
                        + "' does not exist in the registry with id '"
                        + registry.account().value()
                        + "'"));
  }

  /** The template with the prefix, or with the same namespace ({@code prod} for {@code prod/}). */
  public Optional<CreationTemplate> find(RegistryId registry, String prefix) {
    Optional<CreationTemplate> exact = meta.creationTemplates().find(registry, prefix);
    if (exact.isPresent() || CreationTemplate.ROOT.equals(prefix)) {
      return exact;
    }
    String other = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix + "/";
    return meta.creationTemplates().find(registry, other);
  }

  /** The registry's templates in prefix order. */
  public Page<CreationTemplate> list(RegistryId registry, Optional<String> after, int limit) {
    return meta.creationTemplates().list(registry, after, limit);
  }

  /**
   * The template that applies to a repository {@code use} creates: of those applied for {@code
   * use}, the one with the longest prefix covering the name, else ROOT if it is applied for it.
   */
  public Optional<CreationTemplate> match(
      RegistryId registry, RepositoryName name, AppliedFor use) {
    return meta.creationTemplates().all(registry).stream()
        .filter(t -> t.appliedFor().contains(use) && t.covers(name))
        .max(Comparator.comparingInt(t -> t.namespace().length()));
  }

  /**
   * Creates the repository with the settings, resource tags, repository policy and lifecycle policy
   * of the template that applies ({@link #match}), or with ECR's defaults when none does, in one
   * metadata transaction. A repository a racing creator made first is returned as it is.
   */
  public Repository createFromTemplate(RegistryId registry, RepositoryName name, AppliedFor use) {
    Optional<CreationTemplate> template = match(registry, name, use);
    RepositorySettings settings =
        withDefaultKey(
            template.map(CreationTemplate::settings).orElse(RepositorySettings.defaults()),
            registry);
    Map<String, String> tags = template.map(CreationTemplate::resourceTags).orElse(Map.of());
    try {
      return repositories.create(
          registry,
          name,
          settings,
          tags,
          repo ->
              template.ifPresent(
                  t -> {
                    t.repositoryPolicy()
                        .ifPresent(p -> meta.resourcePolicies().setRepositoryPolicy(repo.id(), p));
                    t.lifecyclePolicy()
                        .ifPresent(p -> meta.lifecycle().putPolicy(repo.id(), p, clock.instant()));
                  }));
    } catch (RegistryException e) {
      if (e.kind() != ErrorKind.REPOSITORY_ALREADY_EXISTS) {
        throw e;
      }
      return repositories.find(registry, name).orElseThrow(() -> e);
    }
  }

  /** A KMS type without a key means the account's AWS managed key, as CreateRepository reports. */
  private static RepositorySettings withDefaultKey(RepositorySettings s, RegistryId registry) {
    if ("AES256".equals(s.encryptionType()) || s.kmsKey().isPresent()) {
      return s;
    }
    return new RepositorySettings(
        s.tagMutability(),
        s.exclusionFilters(),
        s.scanOnPush(),
        s.encryptionType(),
        Optional.of(registry.awsManagedEcrKey()));
  }

  private static void validate(CreationTemplate t) {
    if (t.appliedFor().isEmpty()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "Invalid parameter at 'appliedFor' failed to satisfy constraint: 'must list at least one"
              + " of REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH'");
    }
    t.lifecyclePolicy().ifPresent(LifecyclePolicy::parse);
  }

  /** Now, to the millisecond the store keeps. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void changed(RegistryId registry, Instant now) {
    meta.events().append(DomainEvent.registryChanged(registry), now);
  }
}
