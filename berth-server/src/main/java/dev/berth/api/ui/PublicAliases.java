package dev.berth.api.ui;

import dev.berth.model.AccountId;

/**
 * The alias of an account's public registry, which ECR Public lets its owner change from the
 * console only (no API operation does it). The composition root wires it to the public registries.
 */
public interface PublicAliases {
  /** Gives the account's public registry the alias; {@code ENTITY_ALREADY_EXISTS} when taken. */
  void change(AccountId account, String alias);
}
