package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;

/** Secrets on PostgreSQL. */
class PostgresSecretStoreTest extends SecretStoreContract {
  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open(PostgresServer.shared().newDatabase());
  }
}
