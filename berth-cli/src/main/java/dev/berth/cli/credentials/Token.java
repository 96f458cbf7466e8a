package dev.berth.cli.credentials;

import java.time.Instant;
import java.util.Objects;

/**
 * A registry login from GetAuthorizationToken: {@code docker login -u <username> -p <secret>}.
 *
 * @param serverUrl the server URL the client asked about
 * @param username {@code AWS}
 * @param secret the registry token
 * @param expiresAt when the node stops accepting it
 */
record Token(String serverUrl, String username, String secret, Instant expiresAt) {
  Token {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
