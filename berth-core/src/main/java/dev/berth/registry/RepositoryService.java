package dev.berth.registry;

import dev.berth.common.Ids;
import dev.berth.error.ErrorKind;
import dev.berth.error.Errors;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import java.time.Clock;
import java.util.Optional;

/** Repositories of an account's registry: create, find, list, delete. */
public final class RepositoryService {
  private final MetadataStore meta;
  private final Clock clock;

  public RepositoryService(MetadataStore meta, Clock clock) {
    this.meta = meta;
    this.clock = clock;
  }

  /** Parses a repository name, answering {@code NAME_INVALID} for a bad one. */
  public static RepositoryName name(String text) {
    return RepositoryName.parse(text)
        .map(RepositoryName::new)
        .orElseThrow(() -> Errors.nameInvalid(text));
  }

  public Repository create(
      AccountId account, RepositoryName name, ImageTagMutability mutability, boolean scanOnPush) {
    meta.accounts().ensure(account, clock.instant());
    Repository repo =
        new Repository(Ids.uuid(), account, name, clock.instant(), mutability, scanOnPush);
    if (!meta.repositories().create(repo)) {
      throw new RegistryException(
          ErrorKind.REPOSITORY_ALREADY_EXISTS,
          "The repository with name '"
              + name.value()
              + "' already exists in the registry with id '"
              + account.value()
              + "'");
    }
    return repo;
  }

  /** The repository, or {@code REPOSITORY_NOT_FOUND} with ECR's message. */
  public Repository get(AccountId account, RepositoryName name) {
    return meta.repositories()
        .find(account, name)
        .orElseThrow(() -> Errors.repositoryNotFound(account, name));
  }

  public Page<Repository> list(AccountId account, Optional<String> after, int limit) {
    return meta.repositories().list(account, after, limit);
  }

  /** Deletes the repository; without {@code force} it must hold no images. */
  public Repository delete(AccountId account, RepositoryName name, boolean force) {
    Repository repo = get(account, name);
    if (!force && meta.images().countManifests(repo.id()) > 0) {
      throw new RegistryException(
          ErrorKind.REPOSITORY_NOT_EMPTY,
          "The repository with name '"
              + name.value()
              + "' in registry with id '"
              + account.value()
              + "' cannot be deleted because it still contains images");
    }
    meta.repositories().delete(repo.id());
    return repo;
  }
}
