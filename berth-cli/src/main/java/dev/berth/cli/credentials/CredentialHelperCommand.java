package dev.berth.cli.credentials;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code berth credential-helper get|list|store|erase}: the docker credential helper that {@code
 * docker-credential-berth} runs.
 */
@Command(
    name = "credential-helper",
    description = {
      "The docker credential helper (run as docker-credential-berth): logins for Berth from "
          + "GetAuthorizationToken with the AWS credential chain, cached until shortly before they "
          + "expire.",
      "Environment: BERTH_ENDPOINT, BERTH_ENDPOINT_SCHEME, BERTH_REGION, AWS_CA_BUNDLE, "
          + "XDG_CACHE_HOME, and the AWS SDK's (AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE, ...)."
    },
    subcommands = {
      CredentialHelperCommand.Get.class,
      CredentialHelperCommand.ListServers.class,
      CredentialHelperCommand.Store.class,
      CredentialHelperCommand.Erase.class
    })
public final class CredentialHelperCommand {
  /** {@code $HOME} when set (as the AWS SDK and the XDG base directories read it), else Java's. */
  static Path home() {
    String home = System.getenv("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }

  static int run(Protocol.Action action) {
    return Protocol.run(
        action,
        System.in,
        System.out,
        System.err,
        () -> CredentialHelper.of(System.getenv(), home(), Clock.systemUTC(), System.err));
  }

  @Command(name = "get", description = "Read a server URL on stdin; print its login as JSON.")
  static final class Get implements Callable<Integer> {
    @Override
    public Integer call() {
      return run(Protocol.Action.GET);
    }
  }

  @Command(name = "list", description = "Print the servers with a cached login as JSON.")
  static final class ListServers implements Callable<Integer> {
    @Override
    public Integer call() {
      return run(Protocol.Action.LIST);
    }
  }

  @Command(name = "store", description = "Refused (not implemented), as the ECR helper does.")
  static final class Store implements Callable<Integer> {
    @Override
    public Integer call() {
      return run(Protocol.Action.STORE);
    }
  }

  @Command(name = "erase", description = "Refused (not implemented), as the ECR helper does.")
  static final class Erase implements Callable<Integer> {
    @Override
    public Integer call() {
      return run(Protocol.Action.ERASE);
    }
  }
}
