package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;

/** Public registries and catalog data on PostgreSQL. */
class PostgresPublicRegistryStoreTest extends PublicRegistryStoreContract {
  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open(PostgresServer.shared().newDatabase());
  }
}
