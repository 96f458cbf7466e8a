package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import dev.berth.testkit.Skopeo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@code aws} CLI pointed at a test node (or a load balancer), each identity an isolated
 * environment (no config or credentials files, no profile).
 */
final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final java.net.URI endpoint;
  private final Path tmp;
  private final Path none;

  AwsCli(TestNode node, Path tmp) {
    this(node.base(), tmp);
  }

  /** The CLI pointed at {@code endpoint}: a node, or a load balancer in front of nodes. */
  AwsCli(java.net.URI endpoint, Path tmp) {
    this.endpoint = endpoint;
    this.tmp = tmp;
    this.none = tmp.resolve("no-aws-config");
  }

  /** The same CLI pointed at another endpoint. */
  AwsCli at(java.net.URI other) {
    return new AwsCli(other, tmp);
  }

  /** Fails (does not skip) the calling test when the aws CLI cannot be run. */
  static void requireInstalled() {
    assertThat(
            Skopeo.exec(Duration.ofSeconds(30), System.getenv(), List.of("aws", "--version"))
                .exitCode())
        .as("the aws CLI must be on PATH for the end-to-end tests")
        .isZero();
  }

  /** The environment of an identity; {@code token} empty for long-term keys. */
  Map<String, String> env(String keyId, String secret, String token) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("AWS_ACCESS_KEY_ID", keyId);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.remove("AWS_SESSION_TOKEN");
    if (!token.isEmpty()) {
      env.put("AWS_SESSION_TOKEN", token);
    }
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", none.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", none.toString());
    env.put("AWS_PAGER", "");
    env.remove("AWS_PROFILE");
    return env;
  }

  Map<String, String> root() {
    return env(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY, "");
  }

  /** {@code aws --endpoint-url <endpoint> --output json <args>}. */
  List<String> command(String... args) {
    List<String> cmd =
        new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(), "--output", "json"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  Skopeo.Result run(Map<String, String> env, String... args) {
    return Skopeo.exec(TIMEOUT, env, command(args));
  }

  /** Runs and parses the JSON output; fails the test when the command fails. */
  JsonNode ok(Map<String, String> env, String... args) {
    Skopeo.Result r = run(env, args).orThrow();
    try {
      return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code aws ecr get-login-password}. */
  String loginPassword(Map<String, String> env) {
    return run(env, "ecr", "get-login-password").orThrow().stdout().trim();
  }
}
