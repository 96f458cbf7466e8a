package dev.berth.model;

import java.time.Instant;

/** A repository of one private registry (an account's registry in one region). */
public record Repository(
    String id,
    RegistryId registry,
    RepositoryName name,
    Instant createdAt,
    RepositorySettings settings) {

  public AccountId account() {
    return registry.account();
  }

  public String region() {
    return registry.region();
  }

  /** The repository's ARN, {@code arn:aws:ecr:<region>:<account>:repository/<name>}. */
  public String arn() {
    return registry.arn("repository/" + name.value());
  }

  public ImageTagMutability tagMutability() {
    return settings.tagMutability();
  }
}
