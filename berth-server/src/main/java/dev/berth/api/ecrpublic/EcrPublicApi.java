package dev.berth.api.ecrpublic;

import dev.berth.api.awsjson.AwsError;
import dev.berth.api.awsjson.AwsJsonService;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.api.ecr.EcrApi;
import dev.berth.auth.RegistryTokens;
import dev.berth.authz.RepositoryAccess;
import dev.berth.common.Json;
import dev.berth.error.RegistryException;
import dev.berth.model.RegistryId;
import dev.berth.publicregistry.PublicRegistries;
import dev.berth.registry.RepositoryService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The ECR Public API service: its model, its 23 operations, its error table. */
public final class EcrPublicApi implements AwsJsonService {
  /** Operations ECR Public shares with ECR, run by the ECR API on the public registry. */
  private static final List<String> SHARED =
      List.of(
          "BatchCheckLayerAvailability",
          "InitiateLayerUpload",
          "UploadLayerPart",
          "CompleteLayerUpload",
          "PutImage",
          "BatchDeleteImage",
          "DescribeImages",
          "DescribeRepositories",
          "DeleteRepository",
          "SetRepositoryPolicy",
          "GetRepositoryPolicy",
          "DeleteRepositoryPolicy",
          "TagResource",
          "UntagResource",
          "ListTagsForResource");

  private final ServiceModel model = ServiceModel.load("ecr-public.service-2.json");
  private final Map<String, AwsOperation> operations;
  private final EcrPublicErrors errors;

  public EcrPublicApi(
      EcrApi ecr,
      PublicRegistries registries,
      RepositoryService repositories,
      RegistryTokens tokens,
      RepositoryAccess access,
      String publicHost) {
    this.errors = new EcrPublicErrors(model, ecr::error);
    PublicWire wire = new PublicWire(model, registries, publicHost);
    Map<String, AwsOperation> ops = new HashMap<>();
    for (String name : SHARED) {
      AwsOperation op = Objects.requireNonNull(ecr.operations().get(name), name);
      ops.put(
          name,
          (call, in) -> wire.answer(name, Json.mapper().valueToTree(op.invoke(call, in)), call));
    }
    PublicAccess checks = new PublicAccess(repositories, access);
    new PublicRepositoryOperations(
            Objects.requireNonNull(ecr.operations().get("CreateRepository")),
            registries,
            repositories,
            checks,
            wire,
            tokens.pages())
        .register(ops);
    new CatalogOperations(registries, checks, wire).register(ops);
    new PublicAuthorization(tokens, checks).register(ops);
    this.operations = Map.copyOf(ops);
  }

  @Override
  public ServiceModel model() {
    return model;
  }

  @Override
  public Map<String, AwsOperation> operations() {
    return operations;
  }

  /** Every call acts on public registries, whatever region it was signed for. */
  @Override
  public String region(String signedRegion) {
    return RegistryId.PUBLIC;
  }

  @Override
  public AwsError error(String operation, RegistryException e) {
    return errors.of(operation, e);
  }
}
