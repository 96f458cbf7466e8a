package dev.berth.api.oci;

import dev.berth.auth.RegistryTokens;
import dev.berth.authz.RepositoryAccess;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /token} on the public host: the Docker token service a {@code Bearer} challenge names.
 * Without credentials it hands out an anonymous token (pulls only); with {@code Basic AWS:<token>}
 * of {@code aws ecr-public get-login-password}, a token of that principal.
 */
public final class PublicTokenRoute implements Route {
  private final PublicHost host;
  private final RegistryTokens tokens;
  private final PublicAuthenticator authenticator;

  public PublicTokenRoute(PublicHost host, RegistryTokens tokens, RepositoryAccess access) {
    this.host = host;
    this.tokens = tokens;
    this.authenticator = new PublicAuthenticator(tokens, access);
  }

  /** The {@code WWW-Authenticate} of the public host's 401s. */
  static String challenge(Exchange ex, PublicHost host) {
    return "Bearer realm=\""
        + (ex.secure() ? "https://" : "http://")
        + ex.header("Host").orElse(ex.host())
        + "/token\",service=\""
        + host.name()
        + "\"";
  }

  /** Failures of the token service as OCI error envelopes. */
  public static ErrorWriter errors() {
    return OciErrors::write;
  }

  @Override
  public void handle(Exchange ex) {
    if (!host.serves(ex.header("Host").orElse(ex.host())) || !"/token".equals(ex.path())) {
      throw new RegistryException(ErrorKind.NOT_FOUND, "no such endpoint: " + ex.path());
    }
    if (!OciApi.allowed(ex, "GET")) {
      return;
    }
    RegistryTokens.Issued issued =
        ex.header("Authorization").isPresent()
            ? tokens.issuePublic(
                authenticator.basic(ex.header("Authorization").orElseThrow()),
                PublicAuthenticator.BEARER_VALIDITY)
            : tokens.issueAnonymous(PublicAuthenticator.BEARER_VALIDITY);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", issued.token());
    body.put("access_token", issued.token());
    body.put("expires_in", PublicAuthenticator.BEARER_VALIDITY.toSeconds());
    body.put("issued_at", issued.expiresAt().minus(PublicAuthenticator.BEARER_VALIDITY).toString());
    ex.header("Cache-Control", "no-store").status(200).send("application/json", Json.write(body));
  }
}
