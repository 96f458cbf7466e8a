package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.error.RegistryException;
import dev.berth.meta.ImageReplication;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.ManifestService;
import dev.berth.replication.ReplicationConfiguration;
import dev.berth.replication.ReplicationService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeRegistry (with the registry's replication configuration), PutReplicationConfiguration and
 * DescribeImageReplicationStatus.
 */
final class ReplicationOperations {
  private final ReplicationService replication;
  private final EcrAccess access;
  private final ManifestService manifests;

  ReplicationOperations(
      ReplicationService replication, EcrAccess access, ManifestService manifests) {
    this.replication = replication;
    this.access = access;
    this.manifests = manifests;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("DescribeRegistry", this::describeRegistry);
    ops.put("PutReplicationConfiguration", this::put);
    ops.put("DescribeImageReplicationStatus", this::status);
  }

  private Object describeRegistry(CallContext call, JsonNode in) {
    RegistryId registry = Input.ownRegistry(call, in);
    access.check(call, "*", Map.of());
    return EcrWire.response(
        "registryId",
        registry.account().value(),
        "replicationConfiguration",
        replication.configuration(registry).toJson());
  }

  private Object put(CallContext call, JsonNode in) {
    RegistryId registry = access.registry(call);
    ReplicationConfiguration config =
        ReplicationConfiguration.fromJson(in.path("replicationConfiguration"));
    return EcrWire.response("replicationConfiguration", replication.put(registry, config).toJson());
  }

  private Object status(CallContext call, JsonNode in) {
    Repository repo = access.repository(call, in);
    ImageIds id;
    try {
      id = ImageIds.parse(in.path("imageId"));
    } catch (ImageIds.Failure f) {
      throw RepositoryOperations.invalid(f.getMessage());
    }
    Reference ref =
        id.digest()
            .<Reference>map(Reference.ByDigest::new)
            .orElseGet(() -> new Reference.ByTag(id.tag().orElseThrow()));
    ManifestRecord image;
    try {
      image = manifests.find(repo, ref);
    } catch (RegistryException e) {
      throw id.notFound(repo);
    }
    Digest digest = image.digest();
    List<Map<String, Object>> statuses =
        replication.statuses(repo, digest).stream().map(ReplicationOperations::status).toList();
    Map<String, Object> imageId = new LinkedHashMap<>();
    imageId.put("imageDigest", digest.toString());
    id.tag().ifPresent(t -> imageId.put("imageTag", t.value()));
    return EcrWire.response(
        "repositoryName", repo.name().value(), "imageId", imageId, "replicationStatuses", statuses);
  }

  private static Map<String, Object> status(ImageReplication r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("region", r.destination().region());
    m.put("registryId", r.destination().account().value());
    m.put("status", r.status().name());
    r.failureCode().ifPresent(c -> m.put("failureCode", c));
    return m;
  }
}
