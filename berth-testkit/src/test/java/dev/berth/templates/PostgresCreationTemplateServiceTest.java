package dev.berth.templates;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.testkit.PostgresServer;
import java.nio.file.Path;

/** The template service on PostgreSQL, where racing creators really run at once. */
class PostgresCreationTemplateServiceTest extends CreationTemplateServiceTest {
  @Override
  MetadataStore newStore(Path dir) {
    return JdbcMetadata.open(PostgresServer.shared().newDatabase(), 16, null, "us-east-1");
  }
}
