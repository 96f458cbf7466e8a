package dev.berth.cli;

import dev.berth.iam.CredentialsFile;
import dev.berth.iam.IamService;
import dev.berth.meta.AccountCreation;
import dev.berth.meta.OrganizationAccount;
import dev.berth.model.AccountId;
import dev.berth.organizations.NewAccount;
import dev.berth.organizations.OrganizationService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth admin create-account|list-accounts|root-credentials}: the organization's accounts
 * offline, by the rules {@code aws organizations create-account} follows (the same access role),
 * and new root keys of an account, whose secret is shown once.
 */
final class AccountAdminCommands {
  private AccountAdminCommands() {}

  @Command(
      name = "create-account",
      description =
          "Create an account in the default account's organization (with the role"
              + " OrganizationAccountAccessRole the default account may assume); prints its id.")
  static final class CreateAccount implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--name", required = true, description = "account name (1-50 characters)")
    String name;

    @Option(names = "--email", required = true, description = "owner's email, unique")
    String email;

    @Option(
        names = "--role-name",
        description = "access role to create (default: " + OrganizationService.DEFAULT_ROLE + ")")
    String roleName = OrganizationService.DEFAULT_ROLE;

    @Override
    public Integer call() {
      return options.withServices(
          (config, s) -> {
            AccountCreation c =
                s.accounts()
                    .organizations()
                    .createAccount(new NewAccount(email, name, roleName, true, Map.of()));
            if (c.accountId().isEmpty()) {
              System.err.println(
                  "berth: "
                      + c.failureReason().orElse("FAILED")
                      + ": an account of the organization has the email "
                      + email);
              return 1;
            }
            System.out.println(c.accountId().get().value());
            return 0;
          });
    }
  }

  @Command(
      name = "list-accounts",
      description = "List the organization's accounts: id, status, joined method, email, name.")
  static final class ListAccounts implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      return options.withServices(
          (config, s) -> {
            Optional<String> after = Optional.empty();
            do {
              var page = s.accounts().organizations().accounts(after, 1000);
              page.items().forEach(a -> System.out.println(line(a)));
              after = page.next();
            } while (after.isPresent());
            return 0;
          });
    }

    private static String line(OrganizationAccount a) {
      return String.join(
          "\t", a.id().value(), a.status().name(), a.joinedMethod().name(), a.email(), a.name());
    }
  }

  @Command(
      name = "root-credentials",
      description =
          "Issue a NEW root access key of an account and print it once in AWS credentials-file"
              + " format (or write it to --output with mode 0600 and print only the key id); the"
              + " secret cannot be retrieved again.")
  static final class RootCredentials implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--account", required = true, description = "12-digit account id")
    String account;

    @Option(names = "--output", description = "new file to write (mode 0600); must not exist")
    Path output;

    @Override
    public Integer call() {
      if (!AccountId.isValid(account)) {
        throw new IllegalArgumentException("--account must be a 12-digit account id");
      }
      AccountId id = new AccountId(account);
      if (output != null && Files.exists(output)) {
        System.err.println("berth: " + output + " exists; root credentials are never overwritten");
        return 1;
      }
      return options.withServices(
          (config, s) -> {
            if (output == null) {
              IamService.NewKey key = s.accounts().rootKeys().issue(id);
              System.out.print(
                  "[default]\naws_access_key_id = "
                      + key.key().accessKeyId()
                      + "\naws_secret_access_key = "
                      + key.secret()
                      + "\n");
              return 0;
            }
            // The file exists (0600, empty of secrets) before the key does, so a key is never
            // issued that cannot be written down.
            CredentialsFile.create(output, "Root credentials of Berth account " + id.value());
            IamService.NewKey key;
            try {
              key = s.accounts().rootKeys().issue(id);
            } catch (RuntimeException e) {
              deleteQuietly(output);
              throw e;
            }
            CredentialsFile.append(output, key.key().accessKeyId(), key.secret());
            System.out.println(key.key().accessKeyId() + " written to " + output);
            return 0;
          });
    }

    private static void deleteQuietly(Path file) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("failed to remove " + file, e);
      }
    }
  }
}
