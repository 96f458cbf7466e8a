package dev.berth.meta;

import dev.berth.model.CreationTemplate;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import java.util.List;
import java.util.Optional;

/** Repository creation templates of each registry (account and region), keyed by prefix. */
public interface CreationTemplateStore {
  /** Adds the template; false (no change) when the registry has one with the same prefix. */
  boolean create(RegistryId registry, CreationTemplate template);

  /** Replaces the template with the same prefix; false (no change) when there is none. */
  boolean update(RegistryId registry, CreationTemplate template);

  /** Removes the template; returns whether there was one. */
  boolean delete(RegistryId registry, String prefix);

  /** The template with exactly this prefix, if any. */
  Optional<CreationTemplate> find(RegistryId registry, String prefix);

  /** The registry's templates in prefix order, after {@code after}. */
  Page<CreationTemplate> list(RegistryId registry, Optional<String> after, int limit);

  /** Every template of the registry, in prefix order (a registry holds few). */
  List<CreationTemplate> all(RegistryId registry);

  int count(RegistryId registry);
}
