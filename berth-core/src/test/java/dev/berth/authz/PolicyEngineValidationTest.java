package dev.berth.authz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.RegistryException;
import dev.berth.iam.PolicyValidator;
import org.junit.jupiter.api.Test;

/** What the validator refuses per kind of document (issue 9, items 13 and 18). */
class PolicyEngineValidationTest {
  /** Issue 9, item 13: identity policies get the condition value checks too. */
  @Test
  void identityPolicy_conditionValueOfWrongType_isRefused() {
    String doc =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecr:*\","
            + "\"Resource\":\"*\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"zzz\"}}}]}";

    assertThatThrownBy(() -> new PolicyEngine().validate(doc, PolicyValidator.Kind.IDENTITY))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("zzz");
  }

  /** Issue 9, item 18: ECR accepts duplicate Sids; IAM's own policies still refuse them. */
  @Test
  void duplicateSids_refusedInIamPolicies_acceptedInResourcePolicies() {
    String statement =
        "{\"Sid\":\"Same\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}";
    String resource = "{\"Statement\":[" + statement + "," + statement + "]}";
    String identityStatement =
        "{\"Sid\":\"Same\",\"Effect\":\"Allow\",\"Action\":\"ecr:*\",\"Resource\":\"*\"}";
    String iam = "{\"Statement\":[" + identityStatement + "," + identityStatement + "]}";
    String trust = resource.replace("ecr:*", "sts:AssumeRole");
    var engine = new PolicyEngine();

    engine.validate(resource, PolicyValidator.Kind.REPOSITORY);

    assertThatThrownBy(() -> engine.validate(iam, PolicyValidator.Kind.IDENTITY))
        .hasMessageContaining("must be unique");
    assertThatThrownBy(() -> engine.validate(trust, PolicyValidator.Kind.TRUST))
        .hasMessageContaining("must be unique");
  }
}
