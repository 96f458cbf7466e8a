package dev.berth.api.oci;

import dev.berth.auth.Principal;
import dev.berth.auth.RegistryTokens;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Authenticates {@code /v2/} requests: {@code Authorization: Basic base64(AWS:<token>)} as {@code
 * docker login -u AWS} sends it, or a download URL's {@code X-Berth-Token} query parameter on blob
 * reads. Every request must authenticate; what the principal may do is decided by its policies and
 * the repository's.
 */
final class RegistryAuthenticator {
  static final String TOKEN_PARAMETER = "X-Berth-Token";

  private final RegistryTokens tokens;

  RegistryAuthenticator(RegistryTokens tokens) {
    this.tokens = tokens;
  }

  Principal authenticate(Exchange ex, boolean blobRead) {
    Principal principal =
        basicToken(ex)
            .or(() -> blobRead ? ex.query(TOKEN_PARAMETER) : Optional.empty())
            .map(tokens::verify)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.UNAUTHORIZED,
                        "authentication required: log in with the password from"
                            + " 'aws ecr get-login-password' and user name AWS"));
    return principal;
  }

  private static Optional<String> basicToken(Exchange ex) {
    Optional<String> header = ex.header("Authorization");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new RegistryException(ErrorKind.UNAUTHORIZED, "only Basic authentication is supported");
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(ErrorKind.UNAUTHORIZED, "malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0 || !"AWS".equals(decoded.substring(0, colon))) {
      throw new RegistryException(ErrorKind.UNAUTHORIZED, "the user name must be AWS");
    }
    return Optional.of(decoded.substring(colon + 1));
  }
}
