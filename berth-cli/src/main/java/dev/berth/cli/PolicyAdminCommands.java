package dev.berth.cli;

import dev.berth.app.Berth;
import dev.berth.config.BerthConfig;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth admin repository-policy|registry-policy show|delete}: the operator's way out of a
 * policy that locks everyone out, root included. Works on the data directory, while the node serves
 * too; a serving node applies a change within seconds (it rereads policies every 5 s).
 */
final class PolicyAdminCommands {
  private PolicyAdminCommands() {}

  /** Options naming an account, defaulting to the node's default account. */
  static final class AccountOption {
    @Option(names = "--account", description = "12-digit account id (default: the default account)")
    String account;

    AccountId resolve(BerthConfig config) {
      return Optional.ofNullable(account)
          .map(
              a -> {
                if (!AccountId.isValid(a)) {
                  throw new IllegalArgumentException("--account must be a 12-digit account id");
                }
                return new AccountId(a);
              })
          .orElse(config.registry().defaultAccount());
    }
  }

  /** Options naming one private registry: an account and a served region. */
  static final class RegistryOption {
    @Mixin AccountOption account;

    @Option(
        names = "--region",
        description = "a region the deployment serves (default: the configured region)")
    String region;

    RegistryId resolve(BerthConfig config) {
      String name = Optional.ofNullable(region).orElse(config.registry().region());
      if (!config.registry().serves(name)) {
        throw new IllegalArgumentException(
            "--region must be one of the served regions " + config.registry().regions());
      }
      return new RegistryId(account.resolve(config), name);
    }
  }

  @Command(
      name = "repository-policy",
      description = "Show or delete a repository's policy.",
      subcommands = {ShowRepositoryPolicy.class, DeleteRepositoryPolicy.class})
  static final class RepositoryPolicy {}

  @Command(
      name = "registry-policy",
      description = "Show or delete an account's registry policy.",
      subcommands = {ShowRegistryPolicy.class, DeleteRegistryPolicy.class})
  static final class RegistryPolicy {}

  /** The shared body: open the stores, run, close; exit 1 with a message when there is none. */
  abstract static class PolicyCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Mixin RegistryOption registry;

    /** Does the work; empty when there is no policy (or repository) to act on. */
    abstract Optional<String> run(Berth.Services s, RegistryId registry);

    /** What to say when {@link #run} finds nothing. */
    abstract String missing(RegistryId registry);

    @Override
    public Integer call() {
      BerthConfig config = options.load();
      RegistryId id = registry.resolve(config);
      Berth.Services s = Berth.services(config, Clock.systemUTC());
      try {
        Optional<String> out = run(s, id);
        if (out.isEmpty()) {
          System.err.println("berth: " + missing(id));
          return 1;
        }
        System.out.println(out.get());
        return 0;
      } finally {
        s.meta().close();
      }
    }
  }

  /** A command on one repository's policy. */
  abstract static class RepositoryPolicyCommand extends PolicyCommand {
    @Option(names = "--repository", required = true, description = "repository name")
    String repository;

    Optional<String> onRepository(
        Berth.Services s, RegistryId registry, Function<Repository, Optional<String>> work) {
      return s.repositories().find(registry, RepositoryService.name(repository)).flatMap(work);
    }

    @Override
    String missing(RegistryId registry) {
      return "no repository policy for repository '" + repository + "' in registry " + registry;
    }
  }

  @Command(name = "show", description = "Print the repository policy.")
  static final class ShowRepositoryPolicy extends RepositoryPolicyCommand {
    @Override
    Optional<String> run(Berth.Services s, RegistryId registry) {
      return onRepository(s, registry, r -> s.repositories().findPolicy(r));
    }
  }

  @Command(name = "delete", description = "Delete the repository policy and print it.")
  static final class DeleteRepositoryPolicy extends RepositoryPolicyCommand {
    @Override
    Optional<String> run(Berth.Services s, RegistryId registry) {
      return onRepository(
          s,
          registry,
          r -> s.repositories().findPolicy(r).map(old -> s.repositories().deletePolicy(r)));
    }
  }

  /** A command on an account's registry policy. */
  abstract static class RegistryPolicyCommand extends PolicyCommand {
    @Override
    String missing(RegistryId registry) {
      return "no registry policy in account "
          + registry.account().value()
          + " (region "
          + registry.region()
          + ")";
    }
  }

  @Command(name = "show", description = "Print the registry policy.")
  static final class ShowRegistryPolicy extends RegistryPolicyCommand {
    @Override
    Optional<String> run(Berth.Services s, RegistryId registry) {
      return s.repositories().registryPolicy(registry);
    }
  }

  @Command(name = "delete", description = "Delete the registry policy and print it.")
  static final class DeleteRegistryPolicy extends RegistryPolicyCommand {
    @Override
    Optional<String> run(Berth.Services s, RegistryId registry) {
      Optional<String> old = s.repositories().registryPolicy(registry);
      old.ifPresent(p -> s.repositories().deleteRegistryPolicy(registry));
      return old;
    }
  }
}
