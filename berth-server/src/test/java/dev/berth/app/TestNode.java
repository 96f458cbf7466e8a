package dev.berth.app;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A Berth node on an ephemeral loopback port over a temporary data directory, for tests. */
public final class TestNode implements AutoCloseable {
  private final Berth berth;

  private TestNode(Berth berth) {
    this.berth = berth;
  }

  /** Starts a node with data under {@code dir}; extra config keys may be given. */
  public static TestNode start(Path dir, Map<String, String> extra) throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("listen", "127.0.0.1:0");
    values.put("data", dir.toString());
    values.putAll(extra);
    BerthConfig config = ConfigLoader.load(Optional.empty(), Map.of(), values);
    return new TestNode(Berth.start(config));
  }

  public static TestNode start(Path dir) throws Exception {
    return start(dir, Map.of());
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + berth.port());
  }

  /** {@code 127.0.0.1:<port>}, as registry clients write it. */
  public String hostPort() {
    return "127.0.0.1:" + berth.port();
  }

  public Berth berth() {
    return berth;
  }

  /** Creates a repository in the default account. */
  public Repository createRepository(String name) {
    return createRepository(name, ImageTagMutability.MUTABLE);
  }

  public Repository createRepository(String name, ImageTagMutability mutability) {
    return berth
        .services()
        .repositories()
        .create(
            berth.config().registry().defaultAccount(),
            RepositoryService.name(name),
            mutability,
            false);
  }

  @Override
  public void close() {
    berth.close();
  }
}
