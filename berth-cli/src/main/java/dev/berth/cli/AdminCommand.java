package dev.berth.cli;

import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.iam.Bootstrap;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth admin}: direct operations on a node's data directory (works while it serves; SQLite
 * waits for the writer).
 */
@Command(
    name = "admin",
    description = "Administrative operations on the data directory.",
    subcommands = {
      AdminCommand.CreateRepository.class,
      AdminCommand.ListRepositories.class,
      AdminCommand.LoginPassword.class,
      AccountAdminCommands.CreateAccount.class,
      AccountAdminCommands.ListAccounts.class,
      AccountAdminCommands.RootCredentials.class,
      PolicyAdminCommands.RepositoryPolicy.class,
      PolicyAdminCommands.RegistryPolicy.class
    })
final class AdminCommand {
  @Command(name = "create-repository", description = "Create a repository.")
  static final class CreateRepository implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(index = "0", description = "repository name")
    String name;

    @Mixin PolicyAdminCommands.RegistryOption registry;

    @Option(names = "--immutable-tags", description = "make tags immutable")
    boolean immutable;

    @Override
    public Integer call() {
      return options.withServices(
          (config, s) -> {
            RegistryId id = registry.resolve(config);
            Repository repo =
                s.repositories()
                    .create(
                        id,
                        RepositoryService.name(name),
                        immutable ? ImageTagMutability.IMMUTABLE : ImageTagMutability.MUTABLE,
                        false);
            System.out.println(repo.arn());
            return 0;
          });
    }
  }

  @Command(name = "list-repositories", description = "List repositories of an account.")
  static final class ListRepositories implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Mixin PolicyAdminCommands.RegistryOption registry;

    @Override
    public Integer call() {
      return options.withServices(
          (config, s) -> {
            RegistryId id = registry.resolve(config);
            Optional<String> after = Optional.empty();
            do {
              var page = s.repositories().list(id, after, 1000);
              page.items().forEach(r -> System.out.println(r.name().value()));
              after = page.next();
            } while (after.isPresent());
            return 0;
          });
    }
  }

  @Command(
      name = "login-password",
      description =
          "Print a 12-hour registry password of the default account's root, for"
              + " 'docker login -u AWS --password-stdin' (offline 'aws ecr get-login-password').")
  static final class LoginPassword implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      return options.withServices(
          (config, s) -> {
            AccountId account = config.registry().defaultAccount();
            var keys = s.meta().accessKeys().ofPrincipal(account, Bootstrap.ROOT);
            if (keys.isEmpty()) {
              System.err.println("berth: no root credentials yet; run 'berth serve' once first");
              return 1;
            }
            Principal root = Principal.root(account, keys.get(0).accessKeyId());
            System.out.println(s.tokens().issue(root, RegistryTokens.VALIDITY).token());
            return 0;
          });
    }
  }
}
