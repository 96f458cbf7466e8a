package dev.berth.model;

import java.time.Instant;

/** A repository of one account's private registry. */
public record Repository(
    String id,
    AccountId account,
    RepositoryName name,
    Instant createdAt,
    RepositorySettings settings) {

  /** The repository's ARN in the given region. */
  public String arn(String region) {
    return "arn:aws:ecr:" + region + ":" + account.value() + ":repository/" + name.value();
  }

  public ImageTagMutability tagMutability() {
    return settings.tagMutability();
  }
}
