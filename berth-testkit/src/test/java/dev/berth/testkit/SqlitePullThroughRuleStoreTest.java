package dev.berth.testkit;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Pull-through cache rules on SQLite. */
class SqlitePullThroughRuleStoreTest extends PullThroughRuleStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
  }
}
