package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.iam.Bootstrap;
import dev.berth.iam.SecretCipher;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the nodes of a cluster start together on one empty PostgreSQL database, each with a
 * data directory of its own. Exactly one root access key results, every node reports it, and only
 * the node that created it holds a root-credentials file, with that key's secret.
 */
class PostgresBootstrapRaceTest {
  private static final int NODES = 4;

  @TempDir Path tmp;

  @Test
  void nodesStartingTogether_storeOneRootKey_andOneCredentialsFile() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    SecretCipher cipher = SecretCipher.fromKeyFile(tmp.resolve("master.key"));
    List<MetadataStore> stores = new ArrayList<>();
    List<BerthConfig> configs = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      stores.add(JdbcMetadata.open(url));
      Path data = Files.createDirectories(tmp.resolve("node" + i));
      configs.add(
          ConfigLoader.load(java.util.Optional.empty(), Map.of(), Map.of("data", data.toString())));
    }
    CyclicBarrier together = new CyclicBarrier(NODES);
    List<CompletableFuture<Bootstrap.Result>> starts = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      int n = i;
      starts.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  together.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return Bootstrap.run(configs.get(n), stores.get(n), cipher, Clock.systemUTC());
              }));
    }
    List<Bootstrap.Result> results = new ArrayList<>();
    for (CompletableFuture<Bootstrap.Result> f : starts) {
      results.add(f.get());
    }
    try {
      var keys = stores.get(0).accessKeys().ofPrincipal(results.get(0).account(), Bootstrap.ROOT);
      assertThat(keys).hasSize(1);
      String keyId = keys.get(0).accessKeyId();
      assertThat(results).allSatisfy(r -> assertThat(r.rootAccessKeyId()).isEqualTo(keyId));
      List<Path> files = results.stream().flatMap(r -> r.credentialsFile().stream()).toList();
      assertThat(files).hasSize(1);
      String text = Files.readString(files.get(0));
      assertThat(text).contains("aws_access_key_id = " + keyId);
      String secret = text.substring(text.indexOf("aws_secret_access_key = ") + 24).trim();
      assertThat(cipher.decrypt(keys.get(0).secretCiphertext())).isEqualTo(secret);
      for (int i = 0; i < NODES; i++) {
        try (var left = Files.list(tmp.resolve("node" + i))) {
          assertThat(left.map(p -> p.getFileName().toString()))
              .as("no pending file is left behind")
              .allSatisfy(name -> assertThat(name).isEqualTo("root-credentials"));
        }
      }
    } finally {
      stores.forEach(MetadataStore::close);
    }
  }
}
