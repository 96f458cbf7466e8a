package dev.berth.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Fuzzes the policy parser and evaluator (issue 9, item 20): any document either parses or fails
 * with a {@link RegistryException} ({@code MALFORMED_POLICY}), and a document that parses evaluates
 * to a decision for every kind of caller without throwing. In a plain build only the seed corpus in
 * {@code PolicyFuzzTestInputs/} runs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class PolicyFuzzTest {
  private static final AccountId OWNER = new AccountId("111111111111");
  private static final String REPO = "arn:aws:ecr:us-east-1:111111111111:repository/team/app";
  private static final SizeLimit GENEROUS = new SizeLimit(1 << 20, false);

  private static final List<RequestContext> CALLERS =
      List.of(
          caller(PrincipalType.USER, "arn:aws:iam::111111111111:user/ops/alice"),
          caller(PrincipalType.ACCOUNT_ROOT, "arn:aws:iam::111111111111:root"),
          caller(PrincipalType.ASSUMED_ROLE, "arn:aws:sts::222222222222:assumed-role/ci/run-1"),
          caller(PrincipalType.SERVICE, "ecr.amazonaws.com"));

  private static RequestContext caller(PrincipalType type, String arn) {
    return RequestContext.builder()
        .principal(type, arn)
        .action("ecr:BatchGetImage")
        .resource(REPO)
        .currentTime(Instant.parse("2026-03-01T12:00:00Z"))
        .sourceIp("203.0.113.7")
        .secureTransport(true)
        .key("aws:PrincipalTag/team", "dev")
        .key("ecr:ResourceTag/env", "prod", "eu")
        .build();
  }

  @FuzzTest(maxDuration = "10m")
  void parseAndEvaluate(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (PolicyKind kind : PolicyKind.values()) {
      Policy policy;
      try {
        policy = Policy.parse(text, kind, GENEROUS);
      } catch (RegistryException expected) {
        continue;
      }
      NamedPolicy named = new NamedPolicy("fuzzed", policy);
      List<NamedPolicy> identity = kind == PolicyKind.IDENTITY ? List.of(named) : List.of();
      List<NamedPolicy> resource = kind == PolicyKind.RESOURCE ? List.of(named) : List.of();
      for (RequestContext ctx : CALLERS) {
        Decision d = PolicyEvaluator.evaluate(ctx, OWNER, identity, resource);
        if (d.outcome() == null) {
          throw new AssertionError("a decision has an outcome");
        }
      }
    }
  }
}
