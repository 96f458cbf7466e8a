package dev.berth.cli;

import dev.berth.cli.credentials.CredentialHelperCommand;
import dev.berth.cli.credentials.InstallCredentialHelperCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth}: the entry point. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand too (issue 9, item 16).
    scope = CommandLine.ScopeType.INHERIT,
    version = "berth 0.1.0",
    description = "A self-hosted container registry that behaves like Amazon ECR.",
    subcommands = {
      ServeCommand.class,
      ConfigCommand.class,
      AdminCommand.class,
      GcCommand.class,
      MigrateCommand.class,
      HostsCommand.class,
      CredentialHelperCommand.class,
      InstallCredentialHelperCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(new ErrorHandler())
        .execute(args);
  }
}
