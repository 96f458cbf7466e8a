package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;

/** The MetadataStore contract on PostgreSQL (issue 12), a new database per test. */
class PostgresMetadataStoreTest extends MetadataStoreContract {
  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open(PostgresServer.shared().newDatabase());
  }
}
