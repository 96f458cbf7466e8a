package dev.berth.api.oci;

import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import java.util.Optional;

/**
 * Authenticates requests to the public host: a bearer token of its token service (anonymous, or a
 * principal's), or {@code Basic AWS:<token>} with the token of {@code aws ecr-public
 * get-login-password}. A private registry's login token is never accepted here. A request without
 * credentials is answered with the bearer challenge, which docker and podman follow to the token
 * service even for anonymous pulls.
 */
final class PublicAuthenticator {
  /** How long a token of the public host's token service works. */
  static final java.time.Duration BEARER_VALIDITY = java.time.Duration.ofMinutes(15);

  private final RegistryTokens tokens;
  private final RepositoryAccess access;

  PublicAuthenticator(RegistryTokens tokens, RepositoryAccess access) {
    this.tokens = tokens;
    this.access = access;
  }

  /**
   * The principal of the request's credentials; empty for an anonymous bearer token; {@code
   * UNAUTHORIZED} without credentials or with a bad one.
   */
  Optional<Principal> authenticate(Exchange ex) {
    String value =
        ex.header("Authorization")
            .map(String::trim)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.UNAUTHORIZED,
                        "authentication required: get a token from the public host's token"
                            + " service"));
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = value.substring(7).trim();
      if (tokens.isAnonymous(token)) {
        return Optional.empty();
      }
      return Optional.of(working(tokens.verifyPublic(token)));
    }
    return Optional.of(working(tokens.verifyPublic(basicPassword(value))));
  }

  /** The principal of {@code Basic AWS:<ecr-public token>}. */
  Principal basic(String authorization) {
    return working(tokens.verifyPublic(basicPassword(authorization.trim())));
  }

  private Principal working(Principal principal) {
    if (!access.credentialWorks(principal)) {
      throw new RegistryException(
          ErrorKind.UNAUTHORIZED,
          "Your authorization token is invalid: its access key is no longer active."
              + " Reauthenticate and try again.");
    }
    return principal;
  }

  private static String basicPassword(String value) {
    if (!BasicAuth.isBasic(value)) {
      throw new RegistryException(
          ErrorKind.UNAUTHORIZED, "only Bearer and Basic authentication are supported");
    }
    return BasicAuth.awsPassword(value);
  }
}
