package dev.berth.meta;

import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;

/**
 * Something that changed in the metadata, as other nodes and background work need to hear of it:
 * {@code region} names the registry of a repository or registry change (empty for the account as a
 * whole), {@code subject} what changed (a repository name, or empty for the registry or account as
 * a whole) and {@code detail} how (an image digest, or empty).
 */
public record DomainEvent(
    Kind kind, AccountId account, String region, String subject, String detail) {
  /** What changed. */
  public enum Kind {
    /** A manifest was stored ({@code detail}: its digest; a tag is in the same event). */
    IMAGE_PUSHED,
    /** A manifest or a tag was removed ({@code detail}: the digest). */
    IMAGE_DELETED,
    /** A repository was created or deleted, or its settings, policy or resource tags changed. */
    REPOSITORY_CHANGED,
    /** The account's registry policy or settings changed. */
    REGISTRY_CHANGED,
    /** An IAM identity, access key, group membership or identity policy changed. */
    IDENTITY_CHANGED
  }

  public DomainEvent {
    java.util.Objects.requireNonNull(kind, "kind");
    java.util.Objects.requireNonNull(account, "account");
    java.util.Objects.requireNonNull(region, "region");
    java.util.Objects.requireNonNull(subject, "subject");
    java.util.Objects.requireNonNull(detail, "detail");
  }

  /** A change to the identities or identity policies of {@code account}. */
  public static DomainEvent identityChanged(AccountId account) {
    return new DomainEvent(Kind.IDENTITY_CHANGED, account, "", "", "");
  }

  /** A change to the repository {@code name} of {@code registry}. */
  public static DomainEvent repositoryChanged(RegistryId registry, String name) {
    return new DomainEvent(
        Kind.REPOSITORY_CHANGED, registry.account(), registry.region(), name, "");
  }

  /** A change to {@code registry}'s policy or settings. */
  public static DomainEvent registryChanged(RegistryId registry) {
    return new DomainEvent(Kind.REGISTRY_CHANGED, registry.account(), registry.region(), "", "");
  }

  /** An image change in {@code repository}: {@code detail} is the manifest's digest. */
  public static DomainEvent image(Kind kind, Repository repository, String detail) {
    return new DomainEvent(
        kind, repository.account(), repository.region(), repository.name().value(), detail);
  }
}
