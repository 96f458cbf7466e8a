package dev.berth.api.ecr;

import dev.berth.address.RegistryAddresses;
import dev.berth.api.awsjson.AwsError;
import dev.berth.api.awsjson.AwsJsonService;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.ServiceModel;
import dev.berth.archive.ArchiveService;
import dev.berth.auth.RegistryTokens;
import dev.berth.authz.RepositoryAccess;
import dev.berth.error.RegistryException;
import dev.berth.iam.PolicyValidator;
import dev.berth.lifecycle.LifecycleService;
import dev.berth.lifecycle.PullTimeExclusions;
import dev.berth.pullthrough.PullThroughRules;
import dev.berth.registry.BlobService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.MissingRepositories;
import dev.berth.registry.RepositoryService;
import dev.berth.replication.ReplicationService;
import dev.berth.templates.CreationTemplateService;
import dev.berth.upload.UploadService;
import java.util.HashMap;
import java.util.Map;

/** The ECR API service: its model, its operations, its error table. */
public final class EcrApi implements AwsJsonService {
  private final ServiceModel model = ServiceModel.load("ecr.service-2.json");
  private final Map<String, AwsOperation> operations;

  public EcrApi(
      RegistryAddresses addresses,
      RepositoryService repositories,
      ManifestService manifests,
      BlobService blobs,
      UploadService uploads,
      ArchiveService archive,
      RegistryTokens tokens,
      RepositoryAccess repositoryAccess,
      PolicyValidator validator,
      LifecycleService lifecycle,
      PullTimeExclusions exclusions,
      ReplicationService replication,
      CreationTemplateService templates,
      MissingRepositories missing,
      PullThroughRules pullThrough) {
    EcrWire wire = new EcrWire(addresses);
    EcrAccess access = new EcrAccess(repositories, repositoryAccess, missing);
    PolicyDocuments documents = new PolicyDocuments(validator, access);
    Map<String, AwsOperation> operations = new HashMap<>();
    NextTokens nextTokens = new NextTokens(tokens.pages());
    new RepositoryOperations(repositories, wire, access, nextTokens).register(operations);
    new ImageOperations(access, manifests, nextTokens).register(operations);
    new StorageClassOperations(access, manifests, archive).register(operations);
    new LayerOperations(access, blobs, uploads, tokens, wire).register(operations);
    new TaggingOperations(repositories, access).register(operations);
    new AuthorizationOperations(tokens, wire, access).register(operations);
    new PolicyOperations(repositories, access, documents).register(operations);
    new LifecycleOperations(access, lifecycle, manifests, nextTokens).register(operations);
    new PullTimeExclusionOperations(access, exclusions, nextTokens).register(operations);
    new ReplicationOperations(replication, access, manifests).register(operations);
    new TemplateOperations(access, templates, documents, nextTokens).register(operations);
    new PullThroughOperations(access, pullThrough, nextTokens).register(operations);
    this.operations = Map.copyOf(operations);
  }

  @Override
  public ServiceModel model() {
    return model;
  }

  @Override
  public Map<String, AwsOperation> operations() {
    return operations;
  }

  @Override
  public AwsError error(String operation, RegistryException e) {
    return EcrErrors.of(operation, e);
  }
}
