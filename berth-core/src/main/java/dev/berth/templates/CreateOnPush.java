package dev.berth.templates;

import dev.berth.error.Errors;
import dev.berth.model.AppliedFor;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.MissingRepositories;

/**
 * A push to a missing repository creates it when a {@code CREATE_ON_PUSH} template applies to its
 * name, with that template's settings; otherwise the push fails as before.
 */
public final class CreateOnPush implements MissingRepositories {
  private final CreationTemplateService templates;

  public CreateOnPush(CreationTemplateService templates) {
    this.templates = templates;
  }

  @Override
  public boolean createdOnPush(RegistryId registry, RepositoryName name) {
    return templates.match(registry, name, AppliedFor.CREATE_ON_PUSH).isPresent();
  }

  @Override
  public Repository createForPush(RegistryId registry, RepositoryName name) {
    if (!createdOnPush(registry, name)) {
      // The template went away since the push was authorized: fail as without one.
      throw Errors.repositoryNotFound(registry.account(), name);
    }
    return templates.createFromTemplate(registry, name, AppliedFor.CREATE_ON_PUSH);
  }
}
