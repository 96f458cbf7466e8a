package dev.berth.distribution;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password (or access token) for a registry's Basic or token authentication. */
public record BasicCredentials(String username, String password) {
  String header() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BasicCredentials[username=" + username + "]";
  }
}
