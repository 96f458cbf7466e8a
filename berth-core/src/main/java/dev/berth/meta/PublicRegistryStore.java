package dev.berth.meta;

import dev.berth.model.AccountId;
import java.util.List;
import java.util.Optional;

/** Public registries (ECR Public) and the catalog data of their repositories. */
public interface PublicRegistryStore {
  /**
   * Inserts the account's public registry; false (no change) when it has one or the alias is taken.
   */
  boolean create(PublicRegistry registry);

  /** The account's public registry, if it has one. */
  Optional<PublicRegistry> find(AccountId account);

  /** The public registry with that alias, if any. */
  Optional<PublicRegistry> byAlias(String alias);

  /** Gives the account's registry a new alias; false (no change) when another registry has it. */
  boolean setAlias(AccountId account, String alias);

  /** Sets the display name of the account's registry. */
  void setDisplayName(AccountId account, String displayName);

  /** The repository's catalog data, if any was ever written. */
  Optional<RepositoryCatalog> catalog(String repositoryId);

  /**
   * Replaces the repository's catalog data (its pull count is kept); {@code logo} replaces the
   * logo's bytes when present, else the logo is kept as {@code catalog.logoType()} says (empty
   * removes it).
   */
  void putCatalog(String repositoryId, RepositoryCatalog catalog, Optional<byte[]> logo);

  /** The repository's logo bytes, if it has a logo. */
  Optional<byte[]> logo(String repositoryId);

  /** Adds {@code count} manifest pulls to the repository's count. */
  void addPulls(String repositoryId, long count);

  /**
   * Public repositories whose name, alias, description, architectures or operating systems contain
   * {@code text} (any case; every one for empty text), by alias then name, at most {@code limit}.
   */
  List<GalleryEntry> search(String text, int limit);
}
