package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Public registries and catalog data on SQLite. */
class SqlitePublicRegistryStoreTest extends PublicRegistryStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
  }
}
