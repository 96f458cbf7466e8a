package dev.berth.api.ecr;

import dev.berth.app.TestNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The AWS SDK for Java v2 ECR client pointed at a test node. */
final class EcrClients {
  private EcrClients() {}

  static EcrClient root(TestNode node) {
    return client(node, TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
  }

  static EcrClient client(TestNode node, String keyId, String secret) {
    return EcrClient.builder()
        .endpointOverride(node.base())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }
}
