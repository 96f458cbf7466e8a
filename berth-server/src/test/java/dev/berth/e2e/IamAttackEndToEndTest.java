package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.meta.StsSession;
import dev.berth.model.AccountId;
import dev.berth.testkit.Skopeo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on IAM with the real aws CLI: nothing gets in. */
class IamAttackEndToEndTest {

  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Map<String, String> env(String keyId, String secret, String token) {
    return cli.env(keyId, secret, token);
  }

  private Map<String, String> root() {
    return cli.root();
  }

  private Skopeo.Result aws(Map<String, String> env, String... args) {
    return cli.run(env, args);
  }

  private JsonNode ok(Map<String, String> env, String... args) {
    return cli.ok(env, args);
  }

  private Map<String, String> user(String name, String inlinePolicy) throws Exception {
    ok(root(), "iam", "create-user", "--user-name", name);
    ok(
        root(),
        "iam",
        "put-user-policy",
        "--user-name",
        name,
        "--policy-name",
        "p",
        "--policy-document",
        inlinePolicy);
    JsonNode key = ok(root(), "iam", "create-access-key", "--user-name", name).path("AccessKey");
    return env(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText(), "");
  }

  @Test
  void privilegeEscalation_isDenied() throws Exception {
    ok(root(), "iam", "create-group", "--group-name", "admins");
    ok(
        root(),
        "iam",
        "attach-group-policy",
        "--group-name",
        "admins",
        "--policy-arn",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess");
    Map<String, String> mallory =
        user(
            "mallory",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::000000000000:user/${aws:username}\"}]}");
    assertThat(ok(mallory, "iam", "get-user").path("User").path("UserName").asText())
        .isEqualTo("mallory");
    for (String[] attempt :
        new String[][] {
          {
            "iam",
            "attach-user-policy",
            "--user-name",
            "mallory",
            "--policy-arn",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"
          },
          {
            "iam",
            "put-user-policy",
            "--user-name",
            "mallory",
            "--policy-name",
            "x",
            "--policy-document",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"
          },
          {"iam", "add-user-to-group", "--group-name", "admins", "--user-name", "mallory"},
          {"iam", "create-access-key", "--user-name", "mallory"},
          {"iam", "get-user", "--user-name", "someone-else"},
          {"ecr", "create-repository", "--repository-name", "mine"}
        }) {
      Skopeo.Result r = aws(mallory, attempt);
      assertThat(r.exitCode()).as(String.join(" ", attempt)).isNotZero();
      assertThat(r.stderr())
          .as(String.join(" ", attempt))
          .containsAnyOf("AccessDenied", "AccessDeniedException");
    }
    assertThat(
            ok(root(), "iam", "list-attached-user-policies", "--user-name", "mallory")
                .path("AttachedPolicies"))
        .isEmpty();
    assertThat(ok(root(), "iam", "list-groups-for-user", "--user-name", "mallory").path("Groups"))
        .isEmpty();
    assertThat(
            ok(root(), "iam", "list-access-keys", "--user-name", "mallory")
                .path("AccessKeyMetadata"))
        .hasSize(1);
  }

  @Test
  void deactivatedKey_andTokensItIssued_stopWorking() throws Exception {
    ok(root(), "ecr", "create-repository", "--repository-name", "team/app");
    Map<String, String> dave =
        user(
            "dave",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\",\"Resource\":\"*\"}]}");
    String password = aws(dave, "ecr", "get-login-password").orThrow().stdout().trim();
    assertThat(registryGet(password)).isEqualTo(200);
    ok(
        root(),
        "iam",
        "update-access-key",
        "--user-name",
        "dave",
        "--access-key-id",
        java.util.Objects.requireNonNull(dave.get("AWS_ACCESS_KEY_ID")),
        "--status",
        "Inactive");
    assertThat(aws(dave, "ecr", "describe-repositories").stderr())
        .contains("UnrecognizedClientException");
    assertThat(registryGet(password))
        .as("a token issued by a deactivated key (issue 9, item 3: 401)")
        .isEqualTo(401);
    ok(
        root(),
        "iam",
        "update-access-key",
        "--user-name",
        "dave",
        "--access-key-id",
        java.util.Objects.requireNonNull(dave.get("AWS_ACCESS_KEY_ID")),
        "--status",
        "Active");
    assertThat(registryGet(password)).isEqualTo(200);
  }

  @Test
  void expiredOrForgedSessionTokens_areRejected() throws Exception {
    var services = node.berth().services();
    services
        .meta()
        .sessions()
        .create(
            new StsSession(
                "ASIAEXPIREDSESSION01",
                new AccountId("000000000000"),
                "arn:aws:iam::000000000000:root",
                "arn:aws:iam::000000000000:root",
                "root",
                services.cipher().encrypt("expired-session-secret-000000000000"),
                "expired-session-token",
                Instant.now().minusSeconds(5)));
    Skopeo.Result expired =
        aws(
            env(
                "ASIAEXPIREDSESSION01",
                "expired-session-secret-000000000000",
                "expired-session-token"),
            "ecr",
            "describe-repositories");
    assertThat(expired.stderr()).contains("ExpiredTokenException");
    JsonNode creds = ok(root(), "sts", "get-session-token").path("Credentials");
    Map<String, String> session =
        env(
            creds.path("AccessKeyId").asText(),
            creds.path("SecretAccessKey").asText(),
            creds.path("SessionToken").asText());
    assertThat(ok(session, "sts", "get-caller-identity").path("Account").asText())
        .isEqualTo("000000000000");
    Map<String, String> noToken =
        env(creds.path("AccessKeyId").asText(), creds.path("SecretAccessKey").asText(), "");
    assertThat(aws(noToken, "ecr", "describe-repositories").stderr())
        .contains("UnrecognizedClientException");
  }

  @Test
  void malformedAndOversizedPolicies_areRefusedWithAUsefulMessage() throws Exception {
    ok(root(), "iam", "create-user", "--user-name", "erin");
    Skopeo.Result badEffect =
        aws(
            root(),
            "iam",
            "put-user-policy",
            "--user-name",
            "erin",
            "--policy-name",
            "p",
            "--policy-document",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Permit\",\"Action\":\"ecr:*\",\"Resource\":\"*\"}]}");
    assertThat(badEffect.stderr()).contains("MalformedPolicyDocument").contains("Permit");
    Skopeo.Result notJson =
        aws(
            root(),
            "iam",
            "put-user-policy",
            "--user-name",
            "erin",
            "--policy-name",
            "p",
            "--policy-document",
            "{nope");
    assertThat(notJson.stderr()).contains("MalformedPolicyDocument");
    StringBuilder big = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
    for (int i = 0; i < 200; i++) {
      big.append(i == 0 ? "" : ",")
          .append(
              "{\"Effect\":\"Allow\",\"Action\":\"ecr:GetDownloadUrlForLayer\",\"Resource\":\"arn:aws:ecr:us-east-1:000000000000:repository/r")
          .append(i)
          .append("\"}");
    }
    big.append("]}");
    Skopeo.Result oversized =
        aws(
            root(),
            "iam",
            "put-user-policy",
            "--user-name",
            "erin",
            "--policy-name",
            "p",
            "--policy-document",
            big.toString());
    assertThat(oversized.exitCode()).isNotZero();
    assertThat(oversized.stderr()).contains("MalformedPolicyDocument").contains("quota");
    ok(root(), "ecr", "create-repository", "--repository-name", "team/app");
    Skopeo.Result badRepoPolicy =
        aws(
            root(),
            "ecr",
            "set-repository-policy",
            "--repository-name",
            "team/app",
            "--policy-text",
            "{\"Statement\":[{\"Effect\":\"Allow\"}]}");
    assertThat(badRepoPolicy.stderr()).contains("InvalidParameterException");
    assertThat(ok(root(), "iam", "list-users").path("Users")).hasSize(1);
    assertThat(
            aws(root(), "iam", "get-user-policy", "--user-name", "erin", "--policy-name", "p")
                .stderr())
        .contains("NoSuchEntity");
  }

  private int registryGet(String password) throws Exception {
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.base() + "/v2/team/app/tags/list"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    ("AWS:" + password).getBytes(StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return r.statusCode();
  }
}
