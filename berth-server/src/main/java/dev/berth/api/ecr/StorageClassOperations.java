package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.archive.ArchiveService;
import dev.berth.archive.TargetStorageClass;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.ImageStatus;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.registry.ManifestService;
import java.util.Map;

/** UpdateImageStorageClass: archive an image, or restore an archived one (ECR archive class). */
final class StorageClassOperations {
  private final EcrAccess access;
  private final ManifestService manifests;
  private final ArchiveService archive;

  StorageClassOperations(EcrAccess access, ManifestService manifests, ArchiveService archive) {
    this.access = access;
    this.manifests = manifests;
    this.archive = archive;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("UpdateImageStorageClass", this::update);
  }

  private Object update(CallContext call, JsonNode in) {
    Repository repo = access.repository(call, in);
    ImageIds ids;
    try {
      ids = ImageIds.parse(in.path("imageId"));
    } catch (ImageIds.Failure f) {
      throw RepositoryOperations.invalid(f.getMessage());
    }
    TargetStorageClass target =
        TargetStorageClass.valueOf(Input.required(in, "targetStorageClass"));
    Digest digest = resolve(repo, ids);
    ImageStatus status;
    try {
      status = archive.update(repo, digest, target);
    } catch (RegistryException e) {
      throw e.kind() == ErrorKind.MANIFEST_UNKNOWN ? ids.notFound(repo) : e;
    }
    return EcrWire.response(
        "registryId",
        repo.account().value(),
        "repositoryName",
        repo.name().value(),
        "imageId",
        ids.wire(),
        "imageStatus",
        status.name());
  }

  /** The digest the identifier names, whatever the image's status; tag and digest must agree. */
  private Digest resolve(Repository repo, ImageIds ids) {
    try {
      if (ids.tag().isPresent()) {
        ManifestRecord byTag = manifests.find(repo, new Reference.ByTag(ids.tag().get()));
        if (ids.digest().isPresent() && !ids.digest().get().equals(byTag.digest())) {
          throw ids.notFound(repo);
        }
        return byTag.digest();
      }
      return manifests.find(repo, new Reference.ByDigest(ids.digest().orElseThrow())).digest();
    } catch (RegistryException e) {
      throw e.kind() == ErrorKind.MANIFEST_UNKNOWN ? ids.notFound(repo) : e;
    }
  }
}
