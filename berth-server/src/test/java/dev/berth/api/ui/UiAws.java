package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.common.Json;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real aws CLI as the test node's root, with no configuration from the machine. */
final class UiAws {
  private UiAws() {}

  static JsonNode run(TestNode node, Path tmp, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("AWS_ACCESS_KEY_ID", TestNode.ROOT_ACCESS_KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", TestNode.ROOT_SECRET_ACCESS_KEY);
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_PROFILE");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
    env.put("AWS_PAGER", "");
    List<String> cmd =
        new ArrayList<>(
            List.of("aws", "--endpoint-url", node.base().toString(), "--output", "json"));
    cmd.addAll(List.of(args));
    String out = Skopeo.exec(Duration.ofSeconds(90), env, cmd).orThrow().stdout();
    return out.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(out);
  }

  /** Creates an IAM user with a managed policy attached; returns {access key id, secret}. */
  static String[] userWithPolicy(TestNode node, Path tmp, String user, String policyArn)
      throws Exception {
    run(node, tmp, "iam", "create-user", "--user-name", user);
    run(node, tmp, "iam", "attach-user-policy", "--user-name", user, "--policy-arn", policyArn);
    JsonNode key =
        run(node, tmp, "iam", "create-access-key", "--user-name", user).path("AccessKey");
    return new String[] {key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText()};
  }
}
