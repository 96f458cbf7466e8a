package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;

/** The StorageClassStore contract on PostgreSQL (issue 12), a new database per test. */
class PostgresStorageClassStoreTest extends StorageClassStoreContract {
  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open(PostgresServer.shared().newDatabase());
  }
}
