package dev.berth.api.oci;

import dev.berth.address.RegistryAddresses;
import dev.berth.model.AccountId;

/**
 * Picks the account whose registry a request addresses: host {@code
 * <account>.dkr.ecr.<region>.<domain>}, else the default account ({@link RegistryAddresses}).
 */
final class AccountResolver {
  private final RegistryAddresses addresses;

  AccountResolver(RegistryAddresses addresses) {
    this.addresses = addresses;
  }

  AccountId resolve(String hostName) {
    return addresses.account(hostName).orElse(addresses.defaultAccount());
  }
}
