package dev.berth.api.ecrpublic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.CallContext;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.registry.RepositoryService;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of the operations here: {@code ecr-public:<Operation>} on the repository (with its
 * policy) or on the caller's registry.
 */
final class PublicAccess {
  private final RepositoryService repositories;
  private final RepositoryAccess access;

  PublicAccess(RepositoryService repositories, RepositoryAccess access) {
    this.repositories = repositories;
    this.access = access;
  }

  /** The public repository the call names ({@code registryId}, else the caller's), once allowed. */
  Repository repository(CallContext call, JsonNode in) {
    AccountId account =
        in.hasNonNull("registryId")
            ? new AccountId(in.get("registryId").asText())
            : call.principal().account();
    RegistryId registry = RegistryId.publicRegistry(account);
    RepositoryName name = RepositoryService.name(in.path("repositoryName").asText());
    Optional<Repository> repo = repositories.find(registry, name);
    access.check(
        call.principal(), call.sourceIp(), registry.action(call.operation()), registry, name, repo);
    return repo.orElseGet(() -> repositories.get(registry, name));
  }

  /** The caller's public registry, once {@code ecr-public:<operation>} on it is allowed. */
  RegistryId registry(CallContext call) {
    RegistryId registry = RegistryId.publicRegistry(call.principal().account());
    check(call, registry.action(call.operation()), registry.registryArn());
    return registry;
  }

  /** Allows {@code action} on {@code resourceArn}, or throws AccessDenied. */
  void check(CallContext call, String action, String resourceArn) {
    access.checkResource(call.principal(), call.sourceIp(), action, resourceArn, Map.of());
  }

  /** Refuses a {@code registryId} naming another account (registry-wide calls act on one's own). */
  static void ownRegistry(CallContext call, JsonNode in) {
    String id = in.path("registryId").asText(call.principal().account().value());
    if (!id.equals(call.principal().account().value())) {
      throw new RegistryException(
          ErrorKind.DENIED,
          "User: "
              + call.principal().arn()
              + " is not authorized to access registry "
              + id
              + " (cross-account access is not enabled)");
    }
  }
}
