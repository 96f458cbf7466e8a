package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: {@code berth hosts} prints a hosts line for every account in the data directory. */
class HostsCommandTest {
  @TempDir Path dir;

  private void seedAccounts(Map<String, String> config, String... accounts) {
    BerthConfig c = ConfigLoader.load(Optional.empty(), Map.of(), config);
    Berth.Services s = Berth.services(c, Clock.systemUTC());
    try {
      for (String a : accounts) {
        s.meta().accounts().ensure(new AccountId(a), Instant.now());
      }
    } finally {
      s.meta().close();
    }
  }

  @Test
  void hosts_namesEveryStoredAccountAndTheDefaultOne_atTheGivenAddress() {
    seedAccounts(Map.of("data", dir.toString()), "333333333333", "222222222222");

    CliRun.Result r = run("hosts", "--data", dir.toString(), "--address", "10.0.0.5");

    assertThat(r.code()).isZero();
    assertThat(r.out().lines().filter(l -> !l.startsWith("#")))
        .containsExactly(
            "10.0.0.5 000000000000.dkr.ecr.us-east-1.localhost",
            "10.0.0.5 222222222222.dkr.ecr.us-east-1.localhost",
            "10.0.0.5 333333333333.dkr.ecr.us-east-1.localhost");
  }

  @Test
  void hosts_followTheConfiguredRegionDomainAndDefaultAccount() throws Exception {
    Path config = dir.resolve("berth.yaml");
    Files.writeString(
        config,
        "version: 1\ndata: "
            + dir.resolve("data")
            + "\nregion: eu-west-1\naccount-id: '111111111111'\ndomain: registry.example.com\n");
    seedAccounts(Map.of("data", dir.resolve("data").toString()), "222222222222");

    CliRun.Result r = run("hosts", "--config", config.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out().lines().filter(l -> !l.startsWith("#")))
        .containsExactly(
            "127.0.0.1 111111111111.dkr.ecr.eu-west-1.registry.example.com",
            "127.0.0.1 222222222222.dkr.ecr.eu-west-1.registry.example.com");
  }

  @Test
  void hosts_refusesAnAddressThatIsNotAnIp() {
    CliRun.Result r =
        run("hosts", "--data", dir.toString(), "--address", "evil\n1.2.3.4 example.com");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--address");
  }

  private static CliRun.Result run(String... args) {
    return CliRun.run(args);
  }
}
