package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, item 4: the ECR API takes only credentials scoped to {@code ecr}; a request signed (by
 * the AWS SDK's signer) for another service is refused as AWS refuses it.
 */
class EcrSignatureScopeTest {
  @TempDir Path tmp;
  private TestNode node;
  private SignedHttp http;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(tmp);
    http =
        new SignedHttp(node.base(), TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"iam", "sts", "ecr-public"})
  void ecrCall_signedForAnotherService_isInvalidSignature(String service) {
    SignedHttp.Reply r =
        http.call(
            "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
            "{\"repositoryName\":\"scoped\"}",
            service);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("__type").asText()).isEqualTo("InvalidSignatureException");
    assertThat(r.body().path("message").asText())
        .isEqualTo("Credential should be scoped to correct service: 'ecr'.");
    assertThat(
            node.berth()
                .services()
                .meta()
                .repositories()
                .list(node.berth().config().registry().home(), java.util.Optional.empty(), 10)
                .items())
        .isEmpty();
  }

  @Test
  void ecrCall_signedForEcr_works() {
    SignedHttp.Reply r =
        http.call("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", "{}", "ecr");

    assertThat(r.status()).isEqualTo(200);
  }
}
