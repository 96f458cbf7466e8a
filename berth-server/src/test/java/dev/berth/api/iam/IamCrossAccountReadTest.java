package dev.berth.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, item 1: every IAM read that names an entity (by ARN or by name) answers {@code
 * NoSuchEntity} for an entity of another account, whatever the caller's policies say, here a user
 * allowed {@code iam:*} on {@code *}, and the account root. The owner's own call of each read
 * succeeds, so the inputs are right and only the account makes the difference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamCrossAccountReadTest {
  private static final String OTHER = "111122223333";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::"
          + OTHER
          + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
  private static final String DOC =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\","
          + "\"Resource\":\"*\"}]}";

  private Path tmp;
  private TestNode node;
  private SignedQuery owner;
  private SignedQuery root;
  private SignedQuery admin;
  private String policyArn;

  @BeforeAll
  void start() throws Exception {
    tmp = java.nio.file.Files.createTempDirectory("iam-cross-account");
    node = TestNode.start(tmp);
    String[] other = node.createAccount(OTHER);
    owner = new SignedQuery(node.base(), other[0], other[1]);
    ok(owner, "CreateUser", Map.of("UserName", "bob"));
    ok(owner, "CreateGroup", Map.of("GroupName", "devs"));
    ok(owner, "AddUserToGroup", Map.of("GroupName", "devs", "UserName", "bob"));
    ok(owner, "CreateRole", Map.of("RoleName", "builder", "AssumeRolePolicyDocument", TRUST));
    policyArn =
        ok(owner, "CreatePolicy", Map.of("PolicyName", "secret-policy", "PolicyDocument", DOC))
            .element("Arn");
    ok(owner, "CreatePolicyVersion", Map.of("PolicyArn", policyArn, "PolicyDocument", DOC));
    for (String type : List.of("User", "Group", "Role")) {
      String name = Map.of("User", "bob", "Group", "devs", "Role", "builder").get(type);
      ok(owner, "Attach" + type + "Policy", Map.of(type + "Name", name, "PolicyArn", policyArn));
      ok(
          owner,
          "Put" + type + "Policy",
          Map.of(type + "Name", name, "PolicyName", "inline", "PolicyDocument", DOC));
    }
    ok(owner, "CreateAccessKey", Map.of("UserName", "bob"));

    root =
        new SignedQuery(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    ok(root, "CreateUser", Map.of("UserName", "admin"));
    ok(
        root,
        "PutUserPolicy",
        Map.of("UserName", "admin", "PolicyName", "all-iam", "PolicyDocument", DOC));
    SignedQuery.Reply key = ok(root, "CreateAccessKey", Map.of("UserName", "admin"));
    admin =
        new SignedQuery(node.base(), key.element("AccessKeyId"), key.element("SecretAccessKey"));
  }

  @AfterAll
  void stop() throws java.io.IOException {
    node.close();
    try (Stream<Path> files = java.nio.file.Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static SignedQuery.Reply ok(SignedQuery q, String action, Map<String, String> params) {
    SignedQuery.Reply r = q.iam(action, params);
    assertThat(r.status()).as(action + " " + r.body()).isEqualTo(200);
    return r;
  }

  /** Every IAM read of the model that names an entity, with inputs naming the other account's. */
  Stream<Arguments> reads() {
    String userArn = "arn:aws:iam::" + OTHER + ":user/bob";
    return Stream.of(
        Arguments.of("GetPolicy", Map.of("PolicyArn", policyArn)),
        Arguments.of("GetPolicyVersion", Map.of("PolicyArn", policyArn, "VersionId", "v1")),
        Arguments.of("GetPolicyVersion", Map.of("PolicyArn", policyArn, "VersionId", "v2")),
        Arguments.of("GetUser", Map.of("UserName", "bob")),
        Arguments.of("GetGroup", Map.of("GroupName", "devs")),
        Arguments.of("GetRole", Map.of("RoleName", "builder")),
        Arguments.of("GetUserPolicy", Map.of("UserName", "bob", "PolicyName", "inline")),
        Arguments.of("GetRolePolicy", Map.of("RoleName", "builder", "PolicyName", "inline")),
        Arguments.of("ListAttachedUserPolicies", Map.of("UserName", "bob")),
        Arguments.of("ListAttachedGroupPolicies", Map.of("GroupName", "devs")),
        Arguments.of("ListAttachedRolePolicies", Map.of("RoleName", "builder")),
        Arguments.of("ListAccessKeys", Map.of("UserName", "bob")),
        Arguments.of("ListGroupsForUser", Map.of("UserName", "bob")),
        Arguments.of(
            "SimulatePrincipalPolicy",
            Map.of("PolicySourceArn", userArn, "ActionNames.member.1", "iam:GetUser")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("reads")
  void readOfForeignEntity_isNoSuchEntity(String action, Map<String, String> params) {
    ok(owner, action, params);

    for (SignedQuery caller : List.of(admin, root)) {
      SignedQuery.Reply r = caller.iam(action, params);

      assertThat(r.status()).as(r.body()).isEqualTo(404);
      assertThat(r.element("Code")).isEqualTo("NoSuchEntity");
      assertThat(r.body()).doesNotContain("iam:*").doesNotContain("AKIA");
    }
  }

  @Test
  void listings_nameNoForeignEntity() {
    for (String noun : List.of("User", "Group", "Role")) {
      assertThat(ok(owner, "List" + noun + "s", Map.of()).body()).contains(OTHER);
      for (SignedQuery caller : List.of(admin, root)) {
        assertThat(ok(caller, "List" + noun + "s", Map.of()).body()).doesNotContain(OTHER);
      }
    }
  }
}
