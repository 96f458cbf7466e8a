package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.api.awsjson.StreamedBlob;
import dev.berth.auth.RegistryTokens;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.UploadSession;
import dev.berth.model.BlobInfo;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import dev.berth.registry.BlobService;
import dev.berth.upload.UploadService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload,
 * GetDownloadUrlForLayer. Layer uploads share the upload sessions of {@code /v2/}.
 */
final class LayerOperations {
  /** The part size ECR suggests to clients. */
  static final long PART_SIZE = 10L * 1024 * 1024;

  /** How long a download URL works. */
  static final Duration DOWNLOAD_URL_VALIDITY = RegistryTokens.DOWNLOAD_VALIDITY;

  private final EcrAccess access;
  private final BlobService blobs;
  private final UploadService uploads;
  private final RegistryTokens tokens;
  private final EcrWire wire;

  LayerOperations(
      EcrAccess access,
      BlobService blobs,
      UploadService uploads,
      RegistryTokens tokens,
      EcrWire wire) {
    this.access = access;
    this.blobs = blobs;
    this.uploads = uploads;
    this.tokens = tokens;
    this.wire = wire;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("BatchCheckLayerAvailability", this::checkAvailability);
    ops.put("InitiateLayerUpload", this::initiate);
    ops.put("UploadLayerPart", this::uploadPart);
    ops.put("CompleteLayerUpload", this::complete);
    ops.put("GetDownloadUrlForLayer", this::downloadUrl);
  }

  private Repository repository(CallContext call, JsonNode in) {
    return access.repository(call, in);
  }

  private Object checkAvailability(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    List<Object> layers = new ArrayList<>();
    List<Object> failures = new ArrayList<>();
    for (String text : Input.strings(in, "layerDigests")) {
      Optional<Digest> digest = Digest.parse(text);
      if (digest.isEmpty()) {
        failures.add(layerFailure(text, "InvalidLayerDigest", "Invalid layer digest"));
        continue;
      }
      try {
        BlobInfo info = blobs.stat(repo, digest.get());
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("layerDigest", text);
        layer.put("layerAvailability", "AVAILABLE");
        layer.put("layerSize", info.size());
        layers.add(layer);
      } catch (RegistryException e) {
        if (e.kind() != ErrorKind.BLOB_UNKNOWN) {
          throw e;
        }
        failures.add(
            layerFailure(text, "MissingLayerDigest", "Layer digest not found in the repository"));
      }
    }
    return EcrWire.response("layers", layers, "failures", failures);
  }

  private static Map<String, Object> layerFailure(String digest, String code, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("layerDigest", digest);
    m.put("failureCode", code);
    m.put("failureReason", reason);
    return m;
  }

  private Object initiate(CallContext call, JsonNode in) {
    UploadSession s = uploads.start(access.pushTarget(call, in), call.principal().sourceArn());
    return EcrWire.response("uploadId", s.id(), "partSize", PART_SIZE);
  }

  private Object uploadPart(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    String id = Input.required(in, "uploadId");
    long first = in.path("partFirstByte").longValue();
    long last = in.path("partLastByte").longValue();
    // Decoded while the request streamed in (issue 9, item 6): held once, never as text.
    StreamedBlob part =
        StreamedBlob.of(in.get("layerPartBlob"))
            .orElseThrow(() -> RepositoryOperations.invalid("layerPartBlob is required"));
    if (last < first || last - first + 1 != part.length()) {
      throw new RegistryException(
          ErrorKind.BLOB_UPLOAD_INVALID,
          "partFirstByte "
              + first
              + " and partLastByte "
              + last
              + " do not match the part's "
              + part.length()
              + " bytes");
    }
    UploadSession s;
    try {
      s = uploads.append(repo, id, OptionalLong.of(first), part.open());
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.RANGE_INVALID) {
        UploadSession current = uploads.status(repo, id);
        throw new RegistryException(
            ErrorKind.RANGE_INVALID,
            "The part starts at byte "
                + first
                + " but the last valid byte received is "
                + (current.offset() - 1));
      }
      throw e;
    }
    return EcrWire.response(
        "registryId",
        repo.account().value(),
        "repositoryName",
        repo.name().value(),
        "uploadId",
        id,
        "lastByteReceived",
        s.offset() - 1);
  }

  private Object complete(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    String id = Input.required(in, "uploadId");
    List<String> digests = Input.strings(in, "layerDigests");
    if (digests.size() != 1) {
      throw RepositoryOperations.invalid(
          "exactly one layer digest is expected, got " + digests.size());
    }
    Digest digest =
        Digest.parse(digests.get(0))
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.DIGEST_INVALID, "Invalid layer digest '" + digests.get(0) + "'"));
    UploadSession s = uploads.status(repo, id);
    if (s.offset() == 0) {
      throw new RegistryException(
          ErrorKind.EMPTY_UPLOAD, "The upload " + id + " contains no layer parts");
    }
    if (layerExists(repo, digest)) {
      uploads.cancel(repo, id);
      throw new RegistryException(
          ErrorKind.LAYER_ALREADY_EXISTS,
          "Layer "
              + digest
              + " already exists in the repository with name '"
              + repo.name().value()
              + "'");
    }
    BlobInfo blob = uploads.complete(repo, id, digest, Optional.empty());
    return EcrWire.response(
        "registryId", repo.account().value(),
        "repositoryName", repo.name().value(),
        "uploadId", id,
        "layerDigest", blob.digest().toString());
  }

  private boolean layerExists(Repository repo, Digest digest) {
    try {
      blobs.stat(repo, digest);
      return true;
    } catch (RegistryException e) {
      return false;
    }
  }

  private Object downloadUrl(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    String text = Input.required(in, "layerDigest");
    Digest digest =
        Digest.parse(text)
            .orElseThrow(() -> RepositoryOperations.invalid("Invalid layer digest '" + text + "'"));
    blobs.statForPull(repo, digest);
    String token =
        tokens
            .issueDownload(
                call.principal(),
                repo.registry(),
                repo.name().value(),
                digest.toString(),
                DOWNLOAD_URL_VALIDITY)
            .token();
    // On the repository's own registry address: the host selects the account on /v2/.
    String url =
        wire.endpoint(repo.registry(), call)
            + "/v2/"
            + repo.name().value()
            + "/blobs/"
            + digest
            + "?X-Berth-Token="
            + token;
    return EcrWire.response("downloadUrl", url, "layerDigest", text);
  }
}
