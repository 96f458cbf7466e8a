package dev.berth.api.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import dev.berth.meta.IamEntity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, item 4: IAM takes only credentials scoped to {@code iam} and STS only to {@code sts}; a
 * request signed (by the AWS SDK's signer) for another service gets the query protocol's {@code
 * SignatureDoesNotMatch} with AWS's message, and changes nothing.
 */
class QuerySignatureScopeTest {
  @TempDir Path tmp;
  private TestNode node;
  private SignedQuery query;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp);
    query =
        new SignedQuery(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecr", "sts", "ecr-public"})
  void iamAction_signedForAnotherService_isSignatureDoesNotMatch(String service) {
    SignedQuery.Reply r =
        query.call(service, "2010-05-08", "CreateUser", Map.of("UserName", "scoped"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.element("Code")).isEqualTo("SignatureDoesNotMatch");
    assertThat(r.element("Message"))
        .isEqualTo("Credential should be scoped to correct service: 'iam'.");
    assertThat(
            node.berth()
                .services()
                .meta()
                .iam()
                .find(
                    IamEntity.Type.USER,
                    node.berth().config().registry().defaultAccount(),
                    "scoped"))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecr", "iam"})
  void stsAction_signedForAnotherService_isSignatureDoesNotMatch(String service) {
    SignedQuery.Reply r = query.call(service, "2011-06-15", "GetCallerIdentity", Map.of());

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.element("Code")).isEqualTo("SignatureDoesNotMatch");
    assertThat(r.element("Message"))
        .isEqualTo("Credential should be scoped to correct service: 'sts'.");
  }

  @Test
  void eachApi_signedForItsOwnService_works() {
    assertThat(query.iam("ListUsers", Map.of()).status()).isEqualTo(200);
    assertThat(query.call("sts", "2011-06-15", "GetCallerIdentity", Map.of()).status())
        .isEqualTo(200);
  }
}
