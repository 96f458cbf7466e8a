package dev.berth.cli.credentials;

import dev.berth.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One action of the docker credential-helper protocol: input on standard input (the server URL for
 * {@code get} and {@code erase}, a JSON credential for {@code store}, nothing for {@code list}),
 * the answer as JSON on standard output with exit status 0, or a one-line message on standard
 * output with exit status 1 (and any detail on standard error), as docker-credential-helpers'
 * {@code credentials.Serve} answers.
 */
final class Protocol {
  private Protocol() {}

  /** The actions, as the protocol names them. */
  enum Action {
    GET,
    LIST,
    STORE,
    ERASE
  }

  /** Runs {@code action}; returns the exit status. */
  static int run(
      Action action,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Supplier<CredentialHelper> helpers) {
    try {
      String input = action == Action.LIST ? "" : read(in);
      switch (action) {
        case GET ->
            out.println(new String(Json.write(helpers.get().get(input)), StandardCharsets.UTF_8));
        case LIST ->
            out.println(new String(Json.write(helpers.get().list()), StandardCharsets.UTF_8));
        // Refused as amazon-ecr-credential-helper refuses them: a login comes from the node each
        // time, so there is nothing to store or erase.
        case STORE -> throw new HelperException(HelperException.NOT_IMPLEMENTED);
        case ERASE ->
            throw new HelperException(
                input.isBlank() ? HelperException.NO_SERVER_URL : HelperException.NOT_IMPLEMENTED);
      }
      out.flush();
      return 0;
    } catch (HelperException e) {
      out.println(e.getMessage());
      out.flush();
      if (e.getCause() != null) {
        err.println("docker-credential-berth: " + e.getCause().getMessage());
      }
      return 1;
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
