package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.testkit.Skopeo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM answers as AWS gives them, checked with the real aws CLI (botocore parses every answer):
 * issue 9, items 14 (XML a parser accepts) and 17 (list-policies, list-entities-for-policy,
 * get-user as root).
 */
class IamAnswersEndToEndTest {
  private static final String READ_ONLY =
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::000000000000:root\"},\"Action\":\"sts:AssumeRole\"}]}";

  @TempDir static Path tmp;
  private static TestNode node;
  private static AwsCli cli;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String account() {
    return node.berth().config().registry().defaultAccount().value();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  /** Item 17: AWS managed policy ARNs carry their prefix once, in every scope but Local. */
  @Test
  void listPolicies_awsManagedArnsAreWellFormedAndResolvable() {
    for (String scope : List.of("All", "AWS")) {
      List<String> arns =
          texts(
              cli.ok(cli.root(), "iam", "list-policies", "--scope", scope).path("Policies"), "Arn");
      assertThat(arns).as(scope).contains(READ_ONLY);
      assertThat(arns).as(scope).noneMatch(a -> a.contains("policy/arn:"));
    }
    assertThat(
            cli.ok(cli.root(), "iam", "get-policy", "--policy-arn", READ_ONLY)
                .path("Policy")
                .path("PolicyName")
                .asText())
        .isEqualTo("AmazonEC2ContainerRegistryReadOnly");
    assertThat(cli.ok(cli.root(), "iam", "list-policies", "--scope", "Local").path("Policies"))
        .allMatch(p -> !p.path("Arn").asText().startsWith("arn:aws:iam::aws:"));
  }

  /** Item 17: ListEntitiesForPolicy lists the users, groups and roles a policy is attached to. */
  @Test
  void listEntitiesForPolicy_namesEveryAttachedEntityWithItsId() {
    String user =
        cli.ok(cli.root(), "iam", "create-user", "--user-name", "lister")
            .path("User")
            .path("UserId")
            .asText();
    cli.ok(cli.root(), "iam", "create-group", "--group-name", "listers");
    cli.ok(
        cli.root(),
        "iam",
        "create-role",
        "--role-name",
        "list-role",
        "--assume-role-policy-document",
        TRUST.replace("000000000000", account()));
    cli.ok(cli.root(), "iam", "create-user", "--user-name", "unattached");
    cli.ok(
        cli.root(),
        "iam",
        "attach-user-policy",
        "--user-name",
        "lister",
        "--policy-arn",
        READ_ONLY);
    cli.ok(
        cli.root(),
        "iam",
        "attach-group-policy",
        "--group-name",
        "listers",
        "--policy-arn",
        READ_ONLY);
    cli.ok(
        cli.root(),
        "iam",
        "attach-role-policy",
        "--role-name",
        "list-role",
        "--policy-arn",
        READ_ONLY);

    JsonNode all = cli.ok(cli.root(), "iam", "list-entities-for-policy", "--policy-arn", READ_ONLY);
    JsonNode users =
        cli.ok(
            cli.root(),
            "iam",
            "list-entities-for-policy",
            "--policy-arn",
            READ_ONLY,
            "--entity-filter",
            "User");

    assertThat(texts(all.path("PolicyUsers"), "UserName")).containsExactly("lister");
    assertThat(texts(all.path("PolicyUsers"), "UserId")).containsExactly(user);
    assertThat(texts(all.path("PolicyGroups"), "GroupName")).containsExactly("listers");
    assertThat(texts(all.path("PolicyRoles"), "RoleName")).containsExactly("list-role");
    assertThat(texts(all.path("PolicyRoles"), "RoleId")).allMatch(id -> id.startsWith("AROA"));
    JsonNode local =
        cli.ok(
            cli.root(),
            "iam",
            "list-entities-for-policy",
            "--policy-arn",
            READ_ONLY,
            "--entity-filter",
            "LocalManagedPolicy");
    assertThat(local.path("PolicyUsers")).isEmpty();
    assertThat(texts(users.path("PolicyUsers"), "UserName")).containsExactly("lister");
    assertThat(users.path("PolicyGroups")).isEmpty();
    assertThat(users.path("PolicyRoles")).isEmpty();

    Skopeo.Result missing =
        cli.run(
            cli.root(),
            "iam",
            "list-entities-for-policy",
            "--policy-arn",
            "arn:aws:iam::" + account() + ":policy/none");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("(NoSuchEntity)");
  }

  /** Item 17: GetUser without a name, signed by the root, describes the account's root user. */
  @Test
  void getUser_asRootWithoutName_returnsTheRootUser() {
    JsonNode user = cli.ok(cli.root(), "iam", "get-user").path("User");

    assertThat(user.path("Arn").asText()).isEqualTo("arn:aws:iam::" + account() + ":root");
    assertThat(user.path("UserId").asText()).isEqualTo(account());
    assertThat(user.path("CreateDate").asText()).isNotEmpty();
    assertThat(user.has("UserName")).isFalse();
  }

  /**
   * Item 14: an input with a control character echoed back in the error still gives XML botocore
   * parses, so the CLI reports the modelled error rather than a parse failure.
   */
  @Test
  void controlCharacterEchoedInAnError_isStillParseableXml() {
    Skopeo.Result r = cli.run(cli.root(), "iam", "get-user", "--user-name", "bad\u0001\u001bname");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr())
        .contains("An error occurred (")
        .contains("when calling the GetUser operation")
        .contains("failed to satisfy constraint");
  }
}
