package dev.berth.cli.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The docker credential-helper protocol over Berth's GetAuthorizationToken: {@code get} a login for
 * a server (from the cache, else from the node), {@code list} the cached servers; {@code store} and
 * {@code erase} are refused as amazon-ecr-credential-helper refuses them (the token comes from the
 * node each time, so there is nothing to store).
 */
final class CredentialHelper {
  /** The answer to {@code get}, with the protocol's field names. */
  record Login(
      @JsonProperty("ServerURL") String serverUrl,
      @JsonProperty("Username") String username,
      @JsonProperty("Secret") String secret) {}

  private final HelperSettings settings;
  private final AwsSetup aws;
  private final TokenSource tokens;
  private final TokenCache cache;
  private final Clock clock;
  private final PrintStream err;

  CredentialHelper(
      HelperSettings settings, AwsSetup aws, TokenSource tokens, Clock clock, PrintStream err) {
    this.settings = settings;
    this.aws = aws;
    this.tokens = tokens;
    this.cache = new TokenCache(settings.cacheDir());
    this.clock = clock;
    this.err = err;
  }

  /** A helper over the process's environment and home directory, talking to real nodes. */
  static CredentialHelper of(Map<String, String> env, Path home, Clock clock, PrintStream err) {
    HelperSettings settings = HelperSettings.from(env, home);
    AwsSetup aws = AwsSetup.from(env, home);
    return new CredentialHelper(settings, aws, new EcrTokenSource(aws), clock, err);
  }

  TokenCache cache() {
    return cache;
  }

  /**
   * The login for {@code serverUrlText}: a cached token while it has more than five minutes left,
   * else a new one from GetAuthorizationToken (then cached).
   *
   * @throws HelperException {@link HelperException#NO_SERVER_URL} for an empty URL, {@link
   *     HelperException#NOT_FOUND} when the server cannot be parsed or gives no token
   */
  Login get(String serverUrlText) {
    if (serverUrlText.isBlank()) {
      throw new HelperException(HelperException.NO_SERVER_URL);
    }
    ServerUrl server =
        ServerUrl.parse(serverUrlText)
            .orElseThrow(
                () ->
                    HelperException.notFound(
                        new IllegalArgumentException(
                            "not a registry host: '" + serverUrlText.strip() + "'")));
    URI endpoint = settings.endpointFor(server);
    String region = settings.region().or(server::ecrRegion).orElseGet(aws::region);
    String key = TokenCache.key(server.registry(), endpoint.toString(), region, aws.identity());
    Instant now = clock.instant();
    Token token = cache.find(key, now).orElseGet(() -> fresh(server, key, endpoint, region));
    return new Login(server.text(), token.username(), token.secret());
  }

  private Token fresh(ServerUrl server, String key, URI endpoint, String region) {
    Token token = tokens.fetch(server.text(), endpoint, region, settings.caBundle());
    try {
      cache.put(key, token, clock.instant());
    } catch (IOException | RuntimeException e) {
      err.println(
          "docker-credential-berth: failed to cache the token in "
              + cache.file()
              + ": "
              + e.getMessage());
    }
    return token;
  }

  /** The servers with a usable cached token, each with its user name ({@code AWS}). */
  Map<String, String> list() {
    Map<String, String> servers = new TreeMap<>();
    for (Token t : cache.entries(clock.instant()).values()) {
      servers.put(t.serverUrl(), t.username());
    }
    return servers;
  }
}
