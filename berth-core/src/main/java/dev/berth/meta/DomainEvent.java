package dev.berth.meta;

import dev.berth.model.AccountId;

/**
 * Something that changed in the metadata, as other nodes and background work need to hear of it:
 * {@code subject} names what changed (a repository name, or empty for the account as a whole) and
 * {@code detail} how (an image digest, or empty).
 */
public record DomainEvent(Kind kind, AccountId account, String subject, String detail) {
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
    java.util.Objects.requireNonNull(subject, "subject");
    java.util.Objects.requireNonNull(detail, "detail");
  }

  /** A change to the identities or identity policies of {@code account}. */
  public static DomainEvent identityChanged(AccountId account) {
    return new DomainEvent(Kind.IDENTITY_CHANGED, account, "", "");
  }

  /** A change to the repository {@code name} of {@code account}. */
  public static DomainEvent repositoryChanged(AccountId account, String name) {
    return new DomainEvent(Kind.REPOSITORY_CHANGED, account, name, "");
  }

  /** A change to the registry of {@code account}. */
  public static DomainEvent registryChanged(AccountId account) {
    return new DomainEvent(Kind.REGISTRY_CHANGED, account, "", "");
  }
}
