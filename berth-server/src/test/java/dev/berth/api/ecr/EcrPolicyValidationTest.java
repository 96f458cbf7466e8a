package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.app.TestNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.RegistryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;

/** Repository and registry policies are validated as ECR validates them (issue 9, items 13, 18). */
class EcrPolicyValidationTest {
  private static final String REPO = "team/app";

  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
    ecr.createRepository(r -> r.repositoryName(REPO));
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  private static String policy(String effect, String action, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S\",\"Effect\":\""
        + effect
        + "\",\"Principal\":\"*\",\"Action\":\""
        + action
        + "\""
        + (condition.isEmpty() ? "" : ",\"Condition\":" + condition)
        + "}]}";
  }

  private void assertRefused(String text, String wording) {
    assertThatThrownBy(
            () -> ecr.setRepositoryPolicy(r -> r.repositoryName(REPO).policyText(text)), text)
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining(
            "Invalid parameter at 'PolicyText' failed to satisfy constraint: '" + wording + "'");
  }

  /** Issue 9, item 13: condition values of the wrong type are refused and nothing is stored. */
  @Test
  void setRepositoryPolicy_conditionValueOfWrongType_isInvalidAndNotStored() {
    List<String> bad =
        List.of(
            "{\"IpAddress\":{\"aws:SourceIp\":\"zzz\"}}",
            "{\"IpAddress\":{\"aws:SourceIp\":\"999.1.1.1/99\"}}",
            "{\"NotIpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"zzz\"]}}",
            "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"not a date\"}}",
            "{\"Bool\":{\"aws:SecureTransport\":\"maybe\"}}",
            "{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"soon\"}}",
            "{\"Null\":{\"aws:SourceIp\":\"perhaps\"}}");
    for (String condition : bad) {
      assertRefused(policy("Deny", "ecr:*", condition), "Invalid repository policy provided");
    }
    assertThatThrownBy(() -> ecr.getRepositoryPolicy(r -> r.repositoryName(REPO)))
        .isInstanceOf(RepositoryPolicyNotFoundException.class);
  }

  /** Issue 9, item 13: values of the right type are accepted. */
  @Test
  void setRepositoryPolicy_conditionValuesOfTheRightType_areAccepted() {
    String text =
        policy(
            "Allow",
            "ecr:BatchGetImage",
            "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"::1\"]},"
                + "\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"},"
                + "\"Bool\":{\"aws:SecureTransport\":\"false\"},"
                + "\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}}");

    ecr.setRepositoryPolicy(r -> r.repositoryName(REPO).policyText(text));

    assertThat(ecr.getRepositoryPolicy(r -> r.repositoryName(REPO)).policyText()).isEqualTo(text);
  }

  /**
   * Issue 9, item 13: without force, a policy that would deny the caller SetRepositoryPolicy is
   * refused; with force it is applied (and then locks the caller out, as ECR warns).
   */
  @Test
  void setRepositoryPolicy_lockingTheCallerOut_needsForce() {
    String lockout = policy("Deny", "ecr:SetRepositoryPolicy", "");
    assertThatThrownBy(
            () -> ecr.setRepositoryPolicy(r -> r.repositoryName(REPO).policyText(lockout)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("force");
    assertThatThrownBy(() -> ecr.getRepositoryPolicy(r -> r.repositoryName(REPO)))
        .isInstanceOf(RepositoryPolicyNotFoundException.class);
    String harmless = policy("Deny", "ecr:DeleteRepository", "");
    ecr.setRepositoryPolicy(r -> r.repositoryName(REPO).policyText(harmless));

    ecr.setRepositoryPolicy(r -> r.repositoryName(REPO).policyText(lockout).force(true));

    assertThat(ecr.getRepositoryPolicy(r -> r.repositoryName(REPO)).policyText())
        .isEqualTo(lockout);
    assertThatThrownBy(
            () ->
                ecr.setRepositoryPolicy(
                    r -> r.repositoryName(REPO).policyText(harmless).force(true)))
        .isInstanceOf(EcrException.class)
        .satisfies(
            e ->
                assertThat(((EcrException) e).awsErrorDetails().errorCode())
                    .isEqualTo("AccessDeniedException"));
  }

  /** Issue 9, item 18: duplicate Sids are accepted in a repository policy, as ECR accepts them. */
  @Test
  void setRepositoryPolicy_duplicateSids_areAccepted() {
    String text =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Sid\":\"Same\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:BatchGetImage\"},"
            + "{\"Sid\":\"Same\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:ListImages\"}]}";

    ecr.setRepositoryPolicy(r -> r.repositoryName(REPO).policyText(text));

    assertThat(ecr.getRepositoryPolicy(r -> r.repositoryName(REPO)).policyText()).isEqualTo(text);
  }

  /** Issue 9, item 18: non-ecr actions and unknown principals, in ECR's wording. */
  @Test
  void setRepositoryPolicy_nonEcrActionOrUnknownPrincipal_isInvalidRepositoryPolicy() {
    assertRefused(policy("Allow", "s3:GetObject", ""), "Invalid repository policy provided");
    assertRefused(policy("Allow", "iam:*", ""), "Invalid repository policy provided");
    for (String principal :
        List.of(
            "{\"AWS\":\"bogus\"}",
            "{\"Someone\":\"x\"}",
            "{\"AWS\":\"arn:aws:iam::12345:root\"}",
            "{\"AWS\":\"arn:aws:iam::000000000000:user/nobody\"}",
            "{\"AWS\":\"arn:aws:iam::000000000000:role/ops/missing\"}",
            "\"everyone\"")) {
      assertRefused(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              + principal
              + ",\"Action\":\"ecr:BatchGetImage\"}]}",
          "Invalid repository policy provided");
    }
  }

  /** Issue 9, item 18: a registry policy names only the actions ECR enforces on a registry. */
  @Test
  void putRegistryPolicy_acceptsOnlyRegistryActions() {
    String replication =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Replicate\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
            + "\"Action\":[\"ecr:CreateRepository\",\"ecr:ReplicateImage\",\"ecr:BatchImportUpstreamImage\"],"
            + "\"Resource\":\"arn:aws:ecr:us-east-1:000000000000:repository/*\"}]}";
    ecr.putRegistryPolicy(r -> r.policyText(replication));
    assertThat(ecr.getRegistryPolicy(r -> {}).policyText()).isEqualTo(replication);
    ecr.deleteRegistryPolicy(r -> {});

    for (String action : List.of("ecr:BatchGetImage", "ecr:DeleteRepository", "s3:GetObject")) {
      String text = replication.replace("\"ecr:ReplicateImage\"", "\"" + action + "\"");
      assertThatThrownBy(() -> ecr.putRegistryPolicy(r -> r.policyText(text)), action)
          .isInstanceOf(InvalidParameterException.class)
          .hasMessageContaining(
              "Invalid parameter at 'PolicyText' failed to satisfy constraint:"
                  + " 'Invalid registry policy provided'");
    }
    assertThatThrownBy(() -> ecr.getRegistryPolicy(r -> {}))
        .isInstanceOf(RegistryPolicyNotFoundException.class);
  }
}
