package dev.berth.pullthrough;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and access token for an upstream registry (ECR's secret JSON). */
record UpstreamCredentials(String username, String accessToken) {
  String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + accessToken).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "UpstreamCredentials[username=" + username + "]";
  }
}
