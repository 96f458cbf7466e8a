package dev.berth.meta;

import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.Optional;

/**
 * An ECR pull-through cache rule as stored: repositories named {@code <ecrRepositoryPrefix>/...} in
 * the registry are filled from the upstream registry on a miss.
 *
 * @param ecrRepositoryPrefix the local prefix without a trailing slash, or {@code ROOT}
 * @param upstreamRegistryUrl the upstream as the rule was created with it (a host, or {@code
 *     http(s)://host[:port]} for a generic OCI upstream)
 * @param upstreamRegistry ECR's upstream kind ({@code docker-hub}, ..., or {@code oci} for a
 *     generic upstream, which ECR does not have)
 * @param upstreamRepositoryPrefix the upstream prefix without a trailing slash, or {@code ROOT}
 * @param credentialArn the Secrets Manager secret with {@code username} and {@code accessToken}
 */
public record PullThroughRule(
    RegistryId registry,
    String ecrRepositoryPrefix,
    String upstreamRegistryUrl,
    String upstreamRegistry,
    String upstreamRepositoryPrefix,
    Optional<String> credentialArn,
    Optional<String> customRoleArn,
    Instant createdAt,
    Instant updatedAt) {

  /** The same rule with other credentials, changed at {@code at}. */
  public PullThroughRule updated(
      Optional<String> credentialArn, Optional<String> customRoleArn, Instant at) {
    return new PullThroughRule(
        registry,
        ecrRepositoryPrefix,
        upstreamRegistryUrl,
        upstreamRegistry,
        upstreamRepositoryPrefix,
        credentialArn,
        customRoleArn,
        createdAt,
        at);
  }
}
