package dev.berth.api.ui;

import dev.berth.address.RegistryAddresses;
import dev.berth.api.awsjson.LocalClient;
import dev.berth.auth.CredentialResolver;
import dev.berth.model.AccountId;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every page handler shares: templates, sessions, the ECR and ECR Public APIs, extra reads,
 * settings.
 */
record Ui(
    Templates templates,
    UiSessions sessions,
    LocalClient ecr,
    LocalClient ecrPublic,
    PublicAliases aliases,
    RegistryReads reads,
    CredentialResolver credentials,
    Clock clock,
    String region,
    RegistryAddresses addresses,
    Supplier<Optional<CollectionReport>> lastCollection) {
  /** Every served region, the home region first. */
  java.util.List<String> regions() {
    return addresses.regions();
  }

  /** The node's default account (the operator's). */
  AccountId defaultAccount() {
    return addresses.defaultAccount();
  }
}
