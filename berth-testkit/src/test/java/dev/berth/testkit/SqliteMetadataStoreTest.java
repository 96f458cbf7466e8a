package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMetadataStoreTest extends MetadataStoreContract {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
  }

  @Test
  void reopening_keepsDataAndSkipsAppliedMigrations() {
    repo("team/app");
    meta.close();
    meta = newStore();
    assertThat(meta.repositories().find(ACCOUNT, new dev.berth.model.RepositoryName("team/app")))
        .isPresent();
  }
}
