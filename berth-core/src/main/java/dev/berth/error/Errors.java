package dev.berth.error;

import dev.berth.model.AccountId;
import dev.berth.model.RepositoryName;

/** Factories for errors whose wording users and tools rely on. */
public final class Errors {
  private Errors() {}

  /** ECR's message for a missing repository. */
  public static RegistryException repositoryNotFound(AccountId account, RepositoryName name) {
    return new RegistryException(
        ErrorKind.REPOSITORY_NOT_FOUND,
        "The repository with name '"
            + name.value()
            + "' does not exist in the registry with id '"
            + account.value()
            + "'");
  }

  public static RegistryException nameInvalid(String name) {
    return new RegistryException(
        ErrorKind.NAME_INVALID,
        "invalid repository name: must be 2-256 characters of lowercase letters, digits and"
            + " separators (. _ - /)",
        java.util.Map.of("name", name));
  }
}
