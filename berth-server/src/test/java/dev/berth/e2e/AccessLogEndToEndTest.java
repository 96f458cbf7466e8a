package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.app.TestNode;
import dev.berth.testkit.Skopeo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 with the real {@code aws} CLI: an IAM user whose policy denies ECR is refused, the
 * access log says the identity-based policy denied it, and {@code /metrics} counts the IAM and ECR
 * calls by operation.
 */
class AccessLogEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void explicitDenyOfAnIamUser_isLoggedWithTheDenyingPolicyKind_andCounted() throws Exception {
    Path log = tmp.resolve("access.jsonl");
    TestNode node =
        TestNode.start(
            tmp.resolve("node"), Map.of("access-log", log.toString(), "access-log-format", "json"));
    AwsCli cli = new AwsCli(node, tmp);
    String metrics;
    try {
      cli.ok(cli.root(), "ecr", "create-repository", "--repository-name", "team/app");
      cli.ok(cli.root(), "iam", "create-user", "--user-name", "dev");
      cli.ok(
          cli.root(),
          "iam",
          "put-user-policy",
          "--user-name",
          "dev",
          "--policy-name",
          "NoEcr",
          "--policy-document",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoEcr\",\"Effect\":\"Deny\","
              + "\"Action\":\"ecr:*\",\"Resource\":\"*\"}]}");
      JsonNode key =
          cli.ok(cli.root(), "iam", "create-access-key", "--user-name", "dev").path("AccessKey");
      Skopeo.Result refused =
          cli.run(
              cli.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), ""),
              "ecr",
              "describe-repositories",
              "--repository-names",
              "team/app");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("AccessDeniedException");
      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(node.base() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      metrics = scrape.body();
    } finally {
      node.close();
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      lines.add(JSON.readTree(l));
    }
    assertThat(lines)
        .extracting(l -> l.path("api").asText() + "/" + l.path("operation").asText())
        .containsSubsequence(
            "ecr/CreateRepository",
            "iam/CreateUser",
            "iam/PutUserPolicy",
            "iam/CreateAccessKey",
            "ecr/DescribeRepositories",
            "ops/metrics");
    JsonNode denied =
        lines.stream()
            .filter(l -> "DescribeRepositories".equals(l.path("operation").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(denied.path("principal").asText()).isEqualTo("arn:aws:iam::000000000000:user/dev");
    assertThat(denied.path("repository").asText()).isEqualTo("team/app");
    assertThat(denied.path("status").asInt()).isEqualTo(400);
    assertThat(denied.path("error").asText()).isEqualTo("AccessDeniedException");
    assertThat(denied.path("refused_by").asText()).isEqualTo("authorization");
    assertThat(denied.path("refusal").asText())
        .isEqualTo(
            "explicit deny: with an explicit deny in an identity-based policy [NoEcr#NoEcr]");
    assertThat(metrics)
        .contains(
            "berth_http_requests_seconds_count{api=\"iam\",operation=\"CreateUser\",status=\"2xx\"} 1")
        .contains(
            "berth_http_requests_seconds_count{api=\"ecr\",operation=\"DescribeRepositories\",status=\"4xx\"} 1");
  }
}
