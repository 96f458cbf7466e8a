package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Leases and the event outbox on Sqlite. */
class SqliteCoordinationStoreTest extends CoordinationStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
  }
}
