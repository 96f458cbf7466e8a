package dev.berth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.model.AccountId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public API around the table: contexts, messages, managed-policy lookup. */
class PolicyEvaluatorTest {
  private static final AccountId A = new AccountId("111111111111");
  private static final String REPO = "arn:aws:ecr:us-east-1:111111111111:repository/app";

  private static RequestContext.Builder alice(String action) {
    return RequestContext.builder()
        .principal(PrincipalType.USER, "arn:aws:iam::111111111111:user/ops/alice")
        .action(action)
        .resource(REPO);
  }

  @Test
  void theBuilderFillsInThePrincipalKeys() {
    RequestContext ctx = alice("ecr:PutImage").userId("AIDA1").build();
    assertThat(ctx.values("aws:username")).containsExactly("alice");
    assertThat(ctx.values("AWS:USERID")).containsExactly("AIDA1");
    assertThat(ctx.values("aws:PrincipalArn"))
        .containsExactly("arn:aws:iam::111111111111:user/ops/alice");
    assertThat(ctx.values("aws:PrincipalAccount")).containsExactly("111111111111");
    assertThat(ctx.values("aws:PrincipalType")).containsExactly("User");
    assertThat(ctx.principalAccount()).contains(A);
  }

  @Test
  void roleSessionsCarryTheirRole() {
    RequestContext ctx =
        RequestContext.builder()
            .principal(
                PrincipalType.ASSUMED_ROLE, "arn:aws:sts::111111111111:assumed-role/builder/ci")
            .action("ecr:BatchGetImage")
            .resource(REPO)
            .build();
    assertThat(ctx.roleArn()).contains("arn:aws:iam::111111111111:role/builder");
    assertThat(ctx.values("aws:PrincipalArn"))
        .containsExactly("arn:aws:iam::111111111111:role/builder");
    assertThat(ctx.values("aws:username")).isEmpty();
    assertThat(ctx.values("aws:PrincipalType")).containsExactly("AssumedRole");
  }

  @Test
  void theRootHasItsAccountAsUserId() {
    RequestContext ctx =
        RequestContext.builder()
            .principal(PrincipalType.ACCOUNT_ROOT, "arn:aws:iam::111111111111:root")
            .action("ecr:BatchGetImage")
            .resource(REPO)
            .build();
    assertThat(ctx.values("aws:userid")).containsExactly("111111111111");
    assertThat(ctx.isRoot()).isTrue();
  }

  @Test
  void currentTimeSetsBothTimeKeys() {
    RequestContext ctx =
        alice("ecr:BatchGetImage").currentTime(Instant.parse("2024-06-15T12:00:00.789Z")).build();
    assertThat(ctx.values("aws:CurrentTime")).containsExactly("2024-06-15T12:00:00Z");
    assertThat(ctx.values("aws:EpochTime")).containsExactly("1718452800");
  }

  @Test
  void malformedPrincipalsAreProgrammingErrors() {
    assertThatThrownBy(
            () ->
                RequestContext.builder()
                    .principal(PrincipalType.USER, "arn:aws:iam::111111111111:role/x")
                    .action("ecr:BatchGetImage")
                    .resource(REPO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                RequestContext.builder()
                    .principal(PrincipalType.USER, "bob")
                    .action("ecr:BatchGetImage")
                    .resource(REPO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> alice("BatchGetImage").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void denialsReadLikeAws() {
    RequestContext ctx = alice("ecr:PutImage").build();
    NamedPolicy readOnly = ManagedPolicies.byName(ManagedPolicies.READ_ONLY).orElseThrow();
    Decision d = PolicyEvaluator.evaluate(ctx, A, List.of(readOnly), List.of());
    assertThat(d.allowed()).isFalse();
    assertThat(d.denialMessage(ctx))
        .isEqualTo(
            "User: arn:aws:iam::111111111111:user/ops/alice is not authorized to perform:"
                + " ecr:PutImage on resource: "
                + REPO
                + " because no identity-based policy allows the ecr:PutImage action");
  }

  @Test
  void explicitDenialsSayWhere() {
    RequestContext ctx = alice("ecr:PutImage").build();
    NamedPolicy power = ManagedPolicies.byName(ManagedPolicies.POWER_USER).orElseThrow();
    NamedPolicy repo =
        new NamedPolicy(
            "repository-policy",
            Policy.parseResource(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Frozen\",\"Effect\":\"Deny\","
                    + "\"Principal\":\"*\",\"Action\":\"ecr:PutImage\"}]}"));
    Decision d = PolicyEvaluator.evaluate(ctx, A, List.of(power), List.of(repo));
    assertThat(d.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
    assertThat(d.statements())
        .containsExactly(
            new StatementRef("repository-policy", PolicyKind.RESOURCE, 0, "Frozen", Effect.DENY));
    assertThat(d.denialMessage(ctx)).endsWith("with an explicit deny in a resource-based policy");
  }

  @Test
  void managedPoliciesAreFoundByArn() {
    assertThat(ManagedPolicies.all()).hasSize(8);
    for (NamedPolicy p : ManagedPolicies.all()) {
      assertThat(p.name()).startsWith(ManagedPolicies.ARN_PREFIX);
      assertThat(ManagedPolicies.byArn(p.name())).contains(p);
      assertThat(p.policy().version()).isEqualTo(Policy.VERSION_2012);
    }
    assertThat(ManagedPolicies.byArn("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"))
        .isPresent();
    // AWS Organizations attaches AdministratorAccess to the access role of an account it creates.
    assertThat(ManagedPolicies.byArn("arn:aws:iam::aws:policy/AdministratorAccess")).isPresent();
    assertThat(ManagedPolicies.byArn("arn:aws:iam::aws:policy/PowerUserAccess")).isEmpty();
  }

  @Test
  void aDecisionIsImmutable() {
    Decision d = new Decision(Decision.Outcome.IMPLICIT_DENY, new java.util.ArrayList<>(), "x");
    assertThatThrownBy(() -> d.statements().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
