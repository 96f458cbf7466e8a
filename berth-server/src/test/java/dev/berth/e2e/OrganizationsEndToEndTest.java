package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.app.TestNode;
import dev.berth.iam.IamService;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real aws CLI against AWS Organizations on a node: the management account creates an account,
 * polls its status, lists and describes it, assumes its OrganizationAccountAccessRole and creates a
 * repository there; members, outsiders and unpermitted users are refused as AWS refuses them.
 */
class OrganizationsEndToEndTest {
  @TempDir Path tmp;
  private TestNode node;
  private AwsCli cli;

  @BeforeEach
  void start() throws Exception {
    AwsCli.requireInstalled();
    node = TestNode.start(tmp.resolve("node"));
    cli = new AwsCli(node, tmp);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonNode createAccount(String email, String name) {
    return cli.ok(
            cli.root(), "organizations", "create-account", "--email", email, "--account-name", name)
        .path("CreateAccountStatus");
  }

  @Test
  void createAccount_thenAssumeItsAccessRole_andCreateARepositoryThere() {
    JsonNode org =
        cli.ok(cli.root(), "organizations", "describe-organization").path("Organization");
    assertThat(org.path("Id").asText()).matches("o-[a-z0-9]{10}");
    assertThat(org.path("MasterAccountId").asText()).isEqualTo("000000000000");
    assertThat(org.path("Arn").asText())
        .isEqualTo("arn:aws:organizations::000000000000:organization/" + org.path("Id").asText());

    JsonNode status = createAccount("dev@example.com", "dev");
    assertThat(status.path("Id").asText()).startsWith("car-");
    JsonNode polled =
        cli.ok(
                cli.root(),
                "organizations",
                "describe-create-account-status",
                "--create-account-request-id",
                status.path("Id").asText())
            .path("CreateAccountStatus");
    assertThat(polled.path("State").asText()).isEqualTo("SUCCEEDED");
    String account = polled.path("AccountId").asText();
    assertThat(account).matches("\\d{12}");

    List<String> ids = new ArrayList<>();
    cli.ok(cli.root(), "organizations", "list-accounts")
        .path("Accounts")
        .forEach(a -> ids.add(a.path("Id").asText()));
    assertThat(ids).containsExactlyInAnyOrder("000000000000", account);
    JsonNode firstPage =
        cli.ok(cli.root(), "organizations", "list-accounts", "--no-paginate", "--max-results", "1");
    assertThat(firstPage.path("Accounts")).hasSize(1);
    JsonNode secondPage =
        cli.ok(
            cli.root(),
            "organizations",
            "list-accounts",
            "--no-paginate",
            "--next-token",
            firstPage.path("NextToken").asText());
    assertThat(secondPage.path("Accounts").get(0).path("Id").asText()).isEqualTo(account);

    JsonNode described =
        cli.ok(cli.root(), "organizations", "describe-account", "--account-id", account)
            .path("Account");
    assertThat(described.path("Email").asText()).isEqualTo("dev@example.com");
    assertThat(described.path("JoinedMethod").asText()).isEqualTo("CREATED");
    assertThat(described.path("Arn").asText())
        .isEqualTo(
            "arn:aws:organizations::000000000000:account/"
                + org.path("Id").asText()
                + "/"
                + account);
    assertThat(
            cli.run(cli.root(), "organizations", "describe-account", "--account-id", "123456789012")
                .stderr())
        .contains("AccountNotFoundException");
    assertThat(
            cli.run(
                    cli.root(),
                    "organizations",
                    "describe-create-account-status",
                    "--create-account-request-id",
                    "car-nosuchrequest")
                .stderr())
        .contains("CreateAccountStatusNotFoundException");

    JsonNode creds =
        cli.ok(
                cli.root(),
                "sts",
                "assume-role",
                "--role-arn",
                "arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole",
                "--role-session-name",
                "setup")
            .path("Credentials");
    Map<String, String> admin =
        cli.env(
            creds.path("AccessKeyId").asText(),
            creds.path("SecretAccessKey").asText(),
            creds.path("SessionToken").asText());
    JsonNode repo =
        cli.ok(admin, "ecr", "create-repository", "--repository-name", "team/app")
            .path("repository");
    assertThat(repo.path("registryId").asText()).isEqualTo(account);
    assertThat(repo.path("repositoryArn").asText())
        .isEqualTo("arn:aws:ecr:us-east-1:" + account + ":repository/team/app");
  }

  @Test
  void duplicateEmail_failsWithEmailAlreadyExists_andListCreateAccountStatusFiltersByState() {
    createAccount("dup@example.com", "first");

    JsonNode again = createAccount("DUP@example.com", "second");

    assertThat(again.path("State").asText()).isEqualTo("FAILED");
    assertThat(again.path("FailureReason").asText()).isEqualTo("EMAIL_ALREADY_EXISTS");
    JsonNode failed =
        cli.ok(cli.root(), "organizations", "list-create-account-status", "--states", "FAILED");
    assertThat(failed.path("CreateAccountStatuses")).hasSize(1);
    assertThat(failed.path("CreateAccountStatuses").get(0).path("AccountName").asText())
        .isEqualTo("second");
    assertThat(
            cli.ok(cli.root(), "organizations", "list-create-account-status")
                .path("CreateAccountStatuses"))
        .hasSize(2);
    assertThat(
            cli.run(
                    cli.root(),
                    "organizations",
                    "create-account",
                    "--email",
                    "x@example.com",
                    "--account-name",
                    "x",
                    "--role-name",
                    "no spaces allowed")
                .stderr())
        .contains("InvalidInputException");
    assertThat(cli.run(cli.root(), "organizations", "list-roots").stderr())
        .as("an operation Berth does not build")
        .contains("UnsupportedOperationException");
  }

  @Test
  void membersOutsidersAndUnpermittedUsers_areRefused_asAwsRefusesThem() {
    String account = createAccount("member@example.com", "member").path("AccountId").asText();
    IamService.NewKey key =
        node.berth().services().accounts().rootKeys().issue(new AccountId(account));
    Map<String, String> member = cli.env(key.key().accessKeyId(), key.secret(), "");
    assertThat(cli.run(member, "organizations", "list-accounts").stderr())
        .contains("AccessDeniedException")
        .contains("You don't have permissions to access this resource.");
    assertThat(
            cli.ok(member, "organizations", "describe-organization")
                .path("Organization")
                .path("MasterAccountId")
                .asText())
        .as("a member may describe its organization")
        .isEqualTo("000000000000");

    String[] outsider = node.createAccount("222222222222");
    assertThat(
            cli.run(cli.env(outsider[0], outsider[1], ""), "organizations", "list-accounts")
                .stderr())
        .contains("AWSOrganizationsNotInUseException");

    cli.ok(cli.root(), "iam", "create-user", "--user-name", "ops");
    JsonNode k = cli.ok(cli.root(), "iam", "create-access-key", "--user-name", "ops");
    Map<String, String> ops =
        cli.env(
            k.path("AccessKey").path("AccessKeyId").asText(),
            k.path("AccessKey").path("SecretAccessKey").asText(),
            "");
    assertThat(cli.run(ops, "organizations", "list-accounts").stderr())
        .contains("AccessDeniedException");
    cli.ok(
        cli.root(),
        "iam",
        "put-user-policy",
        "--user-name",
        "ops",
        "--policy-name",
        "list",
        "--policy-document",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"organizations:ListAccounts\",\"Resource\":\"*\"}]}");
    assertThat(cli.ok(ops, "organizations", "list-accounts").path("Accounts")).hasSize(2);
    assertThat(
            cli.run(
                    ops,
                    "organizations",
                    "create-account",
                    "--email",
                    "y@example.com",
                    "--account-name",
                    "y")
                .stderr())
        .contains("AccessDeniedException");
  }
}
