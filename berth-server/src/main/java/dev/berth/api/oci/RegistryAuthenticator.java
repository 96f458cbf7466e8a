package dev.berth.api.oci;

import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.model.RegistryId;
import java.util.Optional;

/**
 * Authenticates {@code /v2/} requests: {@code Authorization: Basic base64(AWS:<token>)} as {@code
 * docker login -u AWS} sends it, or, on a read of one blob, the {@code X-Berth-Token} query
 * parameter of the download URL issued for exactly that blob. Every request must authenticate with
 * a credential that still works (its access key active, its identity present); what the principal
 * may do is decided by its policies and the repository's.
 */
final class RegistryAuthenticator {
  static final String TOKEN_PARAMETER = "X-Berth-Token";

  private final RegistryTokens tokens;
  private final RepositoryAccess access;

  /** The blob a {@code GET} or {@code HEAD} reads, which a download token may be for. */
  record BlobRead(RegistryId registry, String repository, String digest) {}

  RegistryAuthenticator(RegistryTokens tokens, RepositoryAccess access) {
    this.tokens = tokens;
    this.access = access;
  }

  Principal authenticate(Exchange ex, Optional<BlobRead> blobRead) {
    Optional<Principal> login = basicToken(ex).map(tokens::verify);
    Principal principal =
        login
            .or(
                () ->
                    blobRead.flatMap(
                        b ->
                            ex.query(TOKEN_PARAMETER)
                                .map(
                                    t ->
                                        tokens.verifyDownload(
                                            t, b.registry(), b.repository(), b.digest()))))
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.UNAUTHORIZED,
                        "authentication required: log in with the password from"
                            + " 'aws ecr get-login-password' and user name AWS"));
    if (!access.credentialWorks(principal)) {
      throw new RegistryException(
          ErrorKind.UNAUTHORIZED,
          "Your authorization token is invalid: its access key is no longer active."
              + " Reauthenticate and try again.");
    }
    return principal;
  }

  private static Optional<String> basicToken(Exchange ex) {
    Optional<String> header = ex.header("Authorization");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    if (!BasicAuth.isBasic(value)) {
      throw new RegistryException(ErrorKind.UNAUTHORIZED, "only Basic authentication is supported");
    }
    return Optional.of(BasicAuth.awsPassword(value));
  }
}
