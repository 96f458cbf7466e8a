package dev.berth.cli;

import dev.berth.app.StartupException;
import dev.berth.config.ConfigException;
import dev.berth.error.RegistryException;
import picocli.CommandLine;

/** Prints one line for expected failures (bad config, domain errors); a stack trace otherwise. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof ConfigException) {
      cmd.getErr().println("berth: config: " + e.getMessage());
      return 2;
    }
    if (e instanceof StartupException) {
      cmd.getErr().println("berth: cannot start: " + e.getMessage());
      return 1;
    }
    if (e instanceof RegistryException re) {
      cmd.getErr().println("berth: " + re.kind() + ": " + re.getMessage());
      return 1;
    }
    cmd.getErr().println("berth: " + e);
    e.printStackTrace(cmd.getErr());
    return 1;
  }
}
