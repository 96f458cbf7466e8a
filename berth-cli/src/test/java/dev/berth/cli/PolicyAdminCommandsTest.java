package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 13: {@code berth admin} shows and removes any repository or registry policy, the
 * offline way out of a policy that locks everyone out.
 */
class PolicyAdminCommandsTest {
  private static final String LOCKOUT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
          + "\"Action\":\"ecr:*\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"zzz\"}}}]}";
  private static final String ACCOUNT = "111122223333";

  @TempDir Path dir;

  @Test
  void repositoryPolicy_showThenDelete_removesThePolicy() {
    Repository repo =
        seed(
            s -> {
              Repository r =
                  s.repositories()
                      .create(
                          new RegistryId(new AccountId(ACCOUNT), "us-east-1"),
                          RepositoryService.name("team/locked"),
                          ImageTagMutability.MUTABLE,
                          false);
              s.repositories().setPolicy(r, LOCKOUT);
              return r;
            });

    CliRun.Result shown = run("repository-policy", "show", "--repository", "team/locked");
    CliRun.Result deleted = run("repository-policy", "delete", "--repository", "team/locked");
    CliRun.Result again = run("repository-policy", "show", "--repository", "team/locked");

    assertThat(shown.code()).isZero();
    assertThat(shown.out().strip()).isEqualTo(LOCKOUT);
    assertThat(deleted.code()).isZero();
    assertThat(deleted.out().strip()).isEqualTo(LOCKOUT);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("no repository policy").contains("team/locked");
    Optional<String> left = seed(s -> s.repositories().findPolicy(repo));
    assertThat(left).isEmpty();
  }

  @Test
  void registryPolicy_showThenDelete_removesThePolicy() {
    seed(
        s -> {
          s.repositories()
              .setRegistryPolicy(new RegistryId(new AccountId(ACCOUNT), "us-east-1"), LOCKOUT);
          return null;
        });

    CliRun.Result shown = run("registry-policy", "show");
    CliRun.Result deleted = run("registry-policy", "delete");
    CliRun.Result again = run("registry-policy", "delete");

    assertThat(shown.code()).isZero();
    assertThat(shown.out().strip()).isEqualTo(LOCKOUT);
    assertThat(deleted.code()).isZero();
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("no registry policy in account " + ACCOUNT);
    Optional<String> left =
        seed(
            s ->
                s.repositories()
                    .registryPolicy(new RegistryId(new AccountId(ACCOUNT), "us-east-1")));
    assertThat(left).isEmpty();
  }

  @Test
  void repositoryPolicy_ofMissingRepository_exitsOneWithMessage() {
    CliRun.Result r = run("repository-policy", "delete", "--repository", "no/such");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no repository policy for repository 'no/such'");
  }

  private <T> T seed(java.util.function.Function<Berth.Services, T> work) {
    BerthConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("data", dir.toString()));
    Berth.Services s = Berth.services(config, Clock.systemUTC());
    try {
      return work.apply(s);
    } finally {
      s.meta().close();
    }
  }

  private CliRun.Result run(String... args) {
    String[] full = new String[args.length + 5];
    full[0] = "admin";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--data";
    full[args.length + 2] = dir.toString();
    full[args.length + 3] = "--account";
    full[args.length + 4] = ACCOUNT;
    return CliRun.run(full);
  }
}
