package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.PolicyValidator;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Repository policies (Set/Get/DeleteRepositoryPolicy) and registry policies
 * (Put/Get/DeleteRegistryPolicy), validated on write.
 */
final class PolicyOperations {
  private final RepositoryService repositories;
  private final EcrAccess access;
  private final PolicyDocuments documents;

  PolicyOperations(RepositoryService repositories, EcrAccess access, PolicyDocuments documents) {
    this.repositories = repositories;
    this.access = access;
    this.documents = documents;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put(
        "SetRepositoryPolicy",
        (call, in) -> {
          Repository repo = repository(call, in);
          String text = Input.required(in, "policyText");
          documents.validate(
              text,
              repo.registry().isPublic()
                  ? PolicyValidator.Kind.PUBLIC_REPOSITORY
                  : PolicyValidator.Kind.REPOSITORY,
              "Invalid repository policy provided");
          if (!in.path("force").asBoolean(false)
              && !access.allowedUnder(
                  call, repo.registry().action("SetRepositoryPolicy"), repo, text)) {
            throw new RegistryException(
                ErrorKind.INVALID_PARAMETER,
                "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The policy would"
                    + " prevent you from setting another policy on the repository; set force to"
                    + " apply it anyway'");
          }
          repositories.setPolicy(repo, text);
          return response(repo, text);
        });
    ops.put(
        "GetRepositoryPolicy",
        (call, in) -> {
          Repository repo = repository(call, in);
          return response(repo, repositories.policy(repo));
        });
    ops.put(
        "DeleteRepositoryPolicy",
        (call, in) -> {
          Repository repo = repository(call, in);
          String old = repositories.deletePolicy(repo);
          return response(repo, old);
        });
    ops.put(
        "PutRegistryPolicy",
        (call, in) -> {
          RegistryId registry = access.registry(call, in);
          String text = Input.required(in, "policyText");
          documents.validate(
              text, PolicyValidator.Kind.REGISTRY, "Invalid registry policy provided");
          repositories.setRegistryPolicy(registry, text);
          return EcrWire.response("registryId", registry.account().value(), "policyText", text);
        });
    ops.put(
        "GetRegistryPolicy",
        (call, in) -> {
          RegistryId registry = access.registry(call, in);
          return EcrWire.response(
              "registryId",
              registry.account().value(),
              "policyText",
              repositories.registryPolicy(registry).orElseThrow(() -> noRegistryPolicy(registry)));
        });
    ops.put(
        "DeleteRegistryPolicy",
        (call, in) -> {
          RegistryId registry = access.registry(call, in);
          String old =
              repositories.registryPolicy(registry).orElseThrow(() -> noRegistryPolicy(registry));
          repositories.deleteRegistryPolicy(registry);
          return EcrWire.response("registryId", registry.account().value(), "policyText", old);
        });
  }

  private Repository repository(CallContext call, JsonNode in) {
    return access.repository(call, in);
  }

  private static Map<String, Object> response(Repository repo, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("registryId", repo.account().value());
    m.put("repositoryName", repo.name().value());
    m.put("policyText", text);
    return m;
  }

  private static RegistryException noRegistryPolicy(RegistryId registry) {
    return new RegistryException(
        ErrorKind.NO_SUCH_ENTITY,
        "Registry policy does not exist in the registry with id '"
            + registry.account().value()
            + "'");
  }
}
