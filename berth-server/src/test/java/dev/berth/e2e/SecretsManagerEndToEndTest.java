package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.model.AccountId;
import dev.berth.testkit.Skopeo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets Manager with the real aws CLI: the credentials of a pull-through cache rule created,
 * read, rotated by put-secret-value, described, listed and deleted (with a recovery window and
 * without), refused to an IAM user without permission, and never stored in plain text.
 */
class SecretsManagerEndToEndTest {
  private static final String NAME = "ecr-pullthroughcache/docker-hub";
  private static final String FIRST =
      "{\"username\":\"berth\",\"accessToken\":\"dckr_pat_first7x\"}";
  private static final String SECOND =
      "{\"username\":\"berth\",\"accessToken\":\"dckr_pat_second9\"}";

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;
  private Map<String, String> root;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
    root = cli.root();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode sm(String... args) {
    List<String> all = new ArrayList<>(List.of("secretsmanager"));
    all.addAll(List.of(args));
    return cli.ok(root, all.toArray(String[]::new));
  }

  @Test
  void credentialsOfAPullThroughCacheRule_createReadRotateDescribeListDelete() throws Exception {
    JsonNode created =
        sm(
            "create-secret",
            "--name",
            NAME,
            "--description",
            "Docker Hub login for the cache",
            "--secret-string",
            FIRST,
            "--tags",
            "Key=purpose,Value=pull-through");
    String arn = created.path("ARN").asText();
    assertThat(arn)
        .matches(
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + NAME + "-[A-Za-z0-9]{6}");
    String v1 = created.path("VersionId").asText();
    assertThat(v1).isNotEmpty();

    JsonNode got = sm("get-secret-value", "--secret-id", NAME);
    assertThat(got.path("SecretString").asText()).isEqualTo(FIRST);
    assertThat(got.path("VersionId").asText()).isEqualTo(v1);
    assertThat(got.path("VersionStages").toString()).isEqualTo("[\"AWSCURRENT\"]");

    JsonNode put = sm("put-secret-value", "--secret-id", arn, "--secret-string", SECOND);
    String v2 = put.path("VersionId").asText();
    assertThat(v2).isNotEqualTo(v1);
    assertThat(sm("get-secret-value", "--secret-id", arn).path("SecretString").asText())
        .isEqualTo(SECOND);
    JsonNode previous =
        sm("get-secret-value", "--secret-id", NAME, "--version-stage", "AWSPREVIOUS");
    assertThat(previous.path("SecretString").asText()).isEqualTo(FIRST);
    assertThat(previous.path("VersionId").asText()).isEqualTo(v1);
    assertThat(
            sm("get-secret-value", "--secret-id", NAME, "--version-id", v1)
                .path("SecretString")
                .asText())
        .isEqualTo(FIRST);

    JsonNode described = sm("describe-secret", "--secret-id", NAME);
    assertThat(described.path("Description").asText()).isEqualTo("Docker Hub login for the cache");
    assertThat(described.path("VersionIdsToStages").path(v2).toString())
        .isEqualTo("[\"AWSCURRENT\"]");
    assertThat(described.path("VersionIdsToStages").path(v1).toString())
        .isEqualTo("[\"AWSPREVIOUS\"]");
    assertThat(described.path("Tags").get(0).path("Key").asText()).isEqualTo("purpose");

    assertThat(
            node.berth()
                .services()
                .secrets()
                .currentValue(new AccountId("000000000000"), "us-east-1", arn))
        .as("what the pull-through cache will read")
        .contains(SECOND);

    sm("create-secret", "--name", "app/other", "--secret-string", "other");
    JsonNode listed = sm("list-secrets", "--filters", "Key=name,Values=ecr-pullthroughcache/");
    assertThat(listed.path("SecretList")).hasSize(1);
    assertThat(listed.path("SecretList").get(0).path("ARN").asText()).isEqualTo(arn);
    assertThat(sm("list-secrets").path("SecretList")).hasSize(2);
    JsonNode paged = sm("list-secrets", "--max-items", "1");
    assertThat(paged.path("SecretList")).hasSize(1);
    assertThat(paged.path("NextToken").asText()).isNotEmpty();

    JsonNode scheduled = sm("delete-secret", "--secret-id", NAME, "--recovery-window-in-days", "7");
    double in7Days = System.currentTimeMillis() / 1000.0 + 7 * 86_400;
    assertThat(scheduled.path("DeletionDate").asDouble()).isBetween(in7Days - 300, in7Days + 300);
    Skopeo.Result marked = cli.run(root, "secretsmanager", "get-secret-value", "--secret-id", NAME);
    assertThat(marked.exitCode()).isNotZero();
    assertThat(marked.stderr())
        .contains("InvalidRequestException")
        .contains(
            "You can't perform this operation on the secret because it was marked for deletion.");
    assertThat(sm("list-secrets").path("SecretList")).hasSize(1);
    assertThat(sm("list-secrets", "--include-planned-deletion").path("SecretList")).hasSize(2);
    sm("restore-secret", "--secret-id", NAME);
    assertThat(sm("get-secret-value", "--secret-id", NAME).path("SecretString").asText())
        .isEqualTo(SECOND);

    sm("delete-secret", "--secret-id", NAME, "--force-delete-without-recovery");
    Skopeo.Result gone = cli.run(root, "secretsmanager", "describe-secret", "--secret-id", NAME);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.stderr())
        .contains("ResourceNotFoundException")
        .contains("Secrets Manager can't find the specified secret.");
    assertThat(sm("create-secret", "--name", NAME, "--secret-string", FIRST).path("ARN").asText())
        .as("the name is free at once, under a new ARN")
        .isNotEqualTo(arn);
  }

  @Test
  void anIamUserWithoutPermission_isDenied_andOneAllowedOnTheCacheSecretsReadsThem() {
    String arn = sm("create-secret", "--name", NAME, "--secret-string", FIRST).path("ARN").asText();
    cli.ok(root, "iam", "create-user", "--user-name", "dev");
    JsonNode key = cli.ok(root, "iam", "create-access-key", "--user-name", "dev").path("AccessKey");
    Map<String, String> dev =
        cli.env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");

    Skopeo.Result refused = cli.run(dev, "secretsmanager", "get-secret-value", "--secret-id", NAME);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr())
        .contains("AccessDeniedException")
        .contains(
            "is not authorized to perform: secretsmanager:GetSecretValue on resource: " + arn);
    Skopeo.Result noList = cli.run(dev, "secretsmanager", "list-secrets");
    assertThat(noList.stderr()).contains("AccessDeniedException");

    cli.ok(
        root,
        "iam",
        "put-user-policy",
        "--user-name",
        "dev",
        "--policy-name",
        "cache-secrets",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"secretsmanager:GetSecretValue\","
            + "\"Resource\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/*\"}]}");
    assertThat(
            cli.ok(dev, "secretsmanager", "get-secret-value", "--secret-id", NAME)
                .path("SecretString")
                .asText())
        .isEqualTo(FIRST);
    Skopeo.Result put =
        cli.run(
            dev, "secretsmanager", "put-secret-value", "--secret-id", NAME, "--secret-string", "x");
    assertThat(put.stderr())
        .as("only the action the policy names")
        .contains("AccessDeniedException");
  }

  @Test
  void theValueIsNotStoredInPlainText() throws Exception {
    sm("create-secret", "--name", NAME, "--secret-string", FIRST);
    sm("put-secret-value", "--secret-id", NAME, "--secret-string", SECOND);
    node.close();
    byte[] first = "dckr_pat_first7x".getBytes(StandardCharsets.UTF_8);
    byte[] second = "dckr_pat_second9".getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (Stream<Path> all = Files.walk(tmp.resolve("node"))) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(f -> f.getFileName().toString().equals("berth.db"));
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      assertThat(indexOf(bytes, first)).as(f.toString()).isEqualTo(-1);
      assertThat(indexOf(bytes, second)).as(f.toString()).isEqualTo(-1);
    }
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
    assertThat(sm("get-secret-value", "--secret-id", NAME).path("SecretString").asText())
        .as("and decrypted again after a restart")
        .isEqualTo(SECOND);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
