package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.CallContext;
import dev.berth.authz.RepositoryAccess;
import dev.berth.model.AccountId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.RepositoryService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ECR operation checks {@code ecr:<Operation>} on its repository's ARN (with the repository
 * policy and tags), or on the registry for registry-wide operations.
 */
final class EcrAccess {
  private final RepositoryService repositories;
  private final RepositoryAccess access;

  EcrAccess(RepositoryService repositories, RepositoryAccess access) {
    this.repositories = repositories;
    this.access = access;
  }

  /** The repository the call names, once {@code ecr:<operation>} on it is allowed. */
  Repository repository(CallContext call, JsonNode in) {
    return repository(call, Input.registry(call, in), Input.repositoryName(in));
  }

  Repository repository(CallContext call, AccountId account, RepositoryName name) {
    Optional<Repository> repo = repositories.find(account, name);
    access.check(call.principal(), call.sourceIp(), "ecr:" + call.operation(), account, name, repo);
    return repo.orElseGet(() -> repositories.get(account, name));
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

  /** Checks the operation on a resource that is not an existing repository. */
  void check(CallContext call, String resourceArn, Map<String, String> requestTags) {
    access.checkResource(
        call.principal(), call.sourceIp(), "ecr:" + call.operation(), resourceArn, requestTags);
  }

  String arn(AccountId account, RepositoryName name) {
    return access.arn(account, name);
  }
}
