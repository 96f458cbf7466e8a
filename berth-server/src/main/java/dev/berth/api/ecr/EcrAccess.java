package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.CallContext;
import dev.berth.authz.RepositoryAccess;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.MissingRepositories;
import dev.berth.registry.RepositoryService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ECR operation checks {@code ecr:<Operation>} ({@code ecr-public:<Operation>} in a public
 * registry) on its repository's ARN (with the repository policy and tags), or on the registry for
 * registry-wide operations.
 */
final class EcrAccess {
  private final RepositoryService repositories;
  private final RepositoryAccess access;
  private final MissingRepositories missing;

  EcrAccess(RepositoryService repositories, RepositoryAccess access, MissingRepositories missing) {
    this.repositories = repositories;
    this.access = access;
    this.missing = missing;
  }

  /** The repository the call names, once {@code ecr:<operation>} on it is allowed. */
  Repository repository(CallContext call, JsonNode in) {
    return repository(call, Input.registry(call, in), Input.repositoryName(in));
  }

  Repository repository(CallContext call, RegistryId registry, RepositoryName name) {
    Optional<Repository> repo = repositories.find(registry, name);
    access.check(
        call.principal(), call.sourceIp(), registry.action(call.operation()), registry, name, repo);
    return repo.orElseGet(() -> repositories.get(registry, name));
  }

  /**
   * The repository a push operation (PutImage, InitiateLayerUpload) names, once {@code
   * ecr:<operation>} on it is allowed; a missing one is created when a push creates it ({@link
   * MissingRepositories}) and the caller may {@code ecr:CreateRepository} it.
   */
  Repository pushTarget(CallContext call, JsonNode in) {
    RegistryId registry = Input.registry(call, in);
    RepositoryName name = Input.repositoryName(in);
    Optional<Repository> repo = repositories.find(registry, name);
    access.check(
        call.principal(), call.sourceIp(), registry.action(call.operation()), registry, name, repo);
    return repo.orElseGet(
        () ->
            missing.forPush(
                registry,
                name,
                () ->
                    access.check(
                        call.principal(),
                        call.sourceIp(),
                        registry.action("CreateRepository"),
                        registry,
                        name,
                        Optional.empty())));
  }

  /** Whether {@code action} on the repository is allowed (for filtering listings). */
  boolean allowed(CallContext call, String action, Repository repo) {
    return access.allowed(call.principal(), call.sourceIp(), action, repo);
  }

  /** Whether {@code action} on the repository would be allowed under {@code policy}. */
  boolean allowedUnder(CallContext call, String action, Repository repo, String policy) {
    return access.allowedUnder(call.principal(), call.sourceIp(), action, repo, policy);
  }

  /** The IAM users and roles the policy names that do not exist. */
  List<String> unknownPrincipals(String policy) {
    return access.unknownPrincipals(policy);
  }

  /** The caller's own registry, once {@code ecr:<operation>} on it is allowed. */
  RegistryId registry(CallContext call) {
    RegistryId registry = call.ownRegistry();
    check(call, registry.registryArn(), Map.of());
    return registry;
  }

  /**
   * The registry the call's {@code registryId} names (the caller's own; another is refused), once
   * {@code ecr:<operation>} on it is allowed.
   */
  RegistryId registry(CallContext call, JsonNode in) {
    RegistryId registry = Input.ownRegistry(call, in);
    check(call, registry.registryArn(), Map.of());
    return registry;
  }

  /** Allows {@code action} (not the call's own) on {@code resourceArn}, or throws AccessDenied. */
  void checkAction(CallContext call, String action, String resourceArn) {
    access.checkResource(call.principal(), call.sourceIp(), action, resourceArn, Map.of());
  }

  /** Checks the operation on a resource that is not an existing repository. */
  void check(CallContext call, String resourceArn, Map<String, String> requestTags) {
    access.checkResource(
        call.principal(),
        call.sourceIp(),
        call.ownRegistry().action(call.operation()),
        resourceArn,
        requestTags);
  }

  String arn(RegistryId registry, RepositoryName name) {
    return RepositoryAccess.arn(registry, name);
  }
}
