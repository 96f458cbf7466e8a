package dev.berth.publicregistry;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.GalleryEntry;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.PublicRegistry;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.registry.ManifestService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Public registries, their aliases and display names, and their repositories' catalog data. */
public final class PublicRegistries {
  /** ECR Public's registry alias: 2 to 50 characters, a letter first. */
  private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9]+(?:[._-][a-z0-9]+)*");

  static final int MAX_DISPLAY_NAME = 100;
  static final int MAX_LOGO_BYTES = 512_000;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  private static final String ALNUM = LETTERS + "0123456789";

  private final MetadataStore meta;
  private final ManifestService manifests;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public PublicRegistries(MetadataStore meta, ManifestService manifests, Clock clock) {
    this.meta = meta;
    this.manifests = manifests;
    this.clock = clock;
  }

  /**
   * The account's public registry, created on first use with a random default alias (as ECR Public
   * assigns one when an account first uses its public registry).
   */
  public PublicRegistry ensure(AccountId account) {
    Optional<PublicRegistry> existing = meta.publicRegistries().find(account);
    if (existing.isPresent()) {
      return existing.get();
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      meta.publicRegistries()
          .create(new PublicRegistry(account, defaultAlias(), true, "", clock.instant()));
      Optional<PublicRegistry> now = meta.publicRegistries().find(account);
      if (now.isPresent()) {
        return now.get();
      }
    }
    throw new RegistryException(ErrorKind.INTERNAL, "could not choose a unique registry alias");
  }

  /** The registry with that alias, if any. */
  public Optional<PublicRegistry> byAlias(String alias) {
    return meta.publicRegistries().byAlias(alias);
  }

  /** Gives the account's registry the alias, which no other registry may have. */
  public PublicRegistry setAlias(AccountId account, String alias) {
    if (alias.length() < 2 || alias.length() > 50 || !ALIAS.matcher(alias).matches()) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "Invalid registry alias '"
              + alias
              + "': 2 to 50 lower-case letters, digits and single '.', '_' or '-' between them,"
              + " starting with a letter");
    }
    PublicRegistry current = ensure(account);
    if (!current.alias().equals(alias) && !meta.publicRegistries().setAlias(account, alias)) {
      throw new RegistryException(
          ErrorKind.ENTITY_ALREADY_EXISTS, "The registry alias '" + alias + "' is already in use");
    }
    return ensure(account);
  }

  /** Sets the registry's display name (its catalog data). */
  public PublicRegistry setDisplayName(AccountId account, String displayName) {
    if (displayName.length() > MAX_DISPLAY_NAME) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "The display name must be at most " + MAX_DISPLAY_NAME + " characters");
    }
    ensure(account);
    meta.publicRegistries().setDisplayName(account, displayName);
    return ensure(account);
  }

  /** The repository's catalog data, if any was set. */
  public Optional<RepositoryCatalog> catalog(Repository repo) {
    return meta.publicRegistries().catalog(repo.id()).filter(RepositoryCatalog::hasData);
  }

  /** The repository's pull count. */
  public long pulls(Repository repo) {
    return meta.publicRegistries().catalog(repo.id()).map(RepositoryCatalog::pulls).orElse(0L);
  }

  /**
   * Checks what the model cannot: the logo is at most 512,000 bytes of a PNG, JPEG or GIF image.
   * Throws {@code INVALID_PARAMETER} otherwise.
   */
  public void check(CatalogUpdate update) {
    logoType(update);
  }

  /** The media type of the update's logo (empty for none, or an empty blob removing it). */
  private static Optional<String> logoType(CatalogUpdate update) {
    if (update.logo().isEmpty() || update.logo().get().length == 0) {
      return Optional.empty();
    }
    byte[] logo = update.logo().get();
    if (logo.length > MAX_LOGO_BYTES) {
      throw new RegistryException(
          ErrorKind.INVALID_PARAMETER,
          "The logo image must be at most " + MAX_LOGO_BYTES + " bytes");
    }
    return Optional.of(
        Logo.sniff(logo)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.INVALID_PARAMETER,
                        "The logo image must be a PNG, JPEG or GIF image")));
  }

  /** Applies the update to the repository's catalog data and returns the result. */
  public RepositoryCatalog putCatalog(Repository repo, CatalogUpdate update) {
    Optional<String> logoType = logoType(update);
    RepositoryCatalog old =
        meta.publicRegistries()
            .catalog(repo.id())
            .orElseGet(() -> RepositoryCatalog.empty(clock.instant()));
    RepositoryCatalog next =
        new RepositoryCatalog(
            update.description().or(old::description),
            update.aboutText().or(old::aboutText),
            update.usageText().or(old::usageText),
            update.architectures().orElse(old.architectures()),
            update.operatingSystems().orElse(old.operatingSystems()),
            update.logo().isPresent() ? logoType : old.logoType(),
            old.pulls(),
            clock.instant());
    meta.publicRegistries().putCatalog(repo.id(), next, update.logo().filter(l -> l.length > 0));
    return next;
  }

  /** The repository's logo, if it has one. */
  public Optional<Logo> logo(Repository repo) {
    Optional<String> type = catalog(repo).flatMap(RepositoryCatalog::logoType);
    return type.flatMap(t -> meta.publicRegistries().logo(repo.id()).map(b -> new Logo(b, t)));
  }

  /** The repository's tags in tag order with the images they name, a page at a time. */
  public Page<TaggedImage> tags(Repository repo, Optional<String> after, int limit) {
    Page<String> page = manifests.tags(repo, after, limit);
    List<TaggedImage> out = new ArrayList<>();
    for (String tag : page.items()) {
      manifests
          .tagged(repo, new Tag(tag))
          .flatMap(d -> manifests.describe(repo, List.of(d)).stream().findFirst())
          .ifPresent(image -> out.add(new TaggedImage(tag, image)));
    }
    return new Page<>(out, page.next());
  }

  /** Public repositories matching the text, for the gallery. */
  public List<GalleryEntry> search(String text, int limit) {
    return meta.publicRegistries().search(text.strip(), limit);
  }

  private String defaultAlias() {
    StringBuilder s = new StringBuilder();
    s.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    for (int i = 1; i < 8; i++) {
      s.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return s.toString();
  }
}
