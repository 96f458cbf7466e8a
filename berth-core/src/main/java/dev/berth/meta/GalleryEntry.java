package dev.berth.meta;

import dev.berth.model.Repository;

/** A public repository as the gallery lists it: the repository, its registry's alias, catalog. */
public record GalleryEntry(Repository repository, String alias, RepositoryCatalog catalog) {}
