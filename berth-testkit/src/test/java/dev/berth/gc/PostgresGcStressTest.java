package dev.berth.gc;

import dev.berth.testkit.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Issue 12: the stress run on PostgreSQL, with the collector on its own connection pools as another
 * node's collector sharing the database would be: pushes, deletes and mounts on one node and sweeps
 * on the other lose nothing acknowledged.
 */
class PostgresGcStressTest extends GcStressTest {
  @Override
  GcFixture fixture(Path dir) {
    return new GcFixture(dir, Duration.ZERO, PostgresServer.shared().newDatabase(), true);
  }
}
