package dev.berth.replication;

import dev.berth.model.RegistryId;
import java.net.URI;
import java.util.Optional;

/**
 * A registry of another deployment that replication rules may name by its registry id and region:
 * its ECR API at {@code endpoint}, its {@code /v2} at {@code registryUrl} (or the {@code
 * proxyEndpoint} its GetAuthorizationToken answers), reached with an access key there.
 */
public record RemoteRegistry(
    RegistryId registry,
    URI endpoint,
    Optional<URI> registryUrl,
    String accessKeyId,
    String secretAccessKey) {
  @Override
  public String toString() {
    return "RemoteRegistry[" + registry + " at " + endpoint + "]";
  }
}
