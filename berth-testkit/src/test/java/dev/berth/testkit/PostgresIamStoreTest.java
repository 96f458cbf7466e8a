package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;

/** The IamStore contract on PostgreSQL (issue 12), a new database per test. */
class PostgresIamStoreTest extends IamStoreContract {
  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open(PostgresServer.shared().newDatabase());
  }
}
