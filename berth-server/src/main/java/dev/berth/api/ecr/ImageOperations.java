package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsOperation;
import dev.berth.api.awsjson.CallContext;
import dev.berth.common.Hashing;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.ImageRef;
import dev.berth.model.ImageStatus;
import dev.berth.model.ImageSummary;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import dev.berth.model.TagStatus;
import dev.berth.registry.ManifestService;
import dev.berth.registry.PutManifestResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ListImages, DescribeImages, BatchGetImage, BatchDeleteImage, PutImage. Listings show ACTIVE
 * images unless {@code filter.imageStatus} asks for others; DescribeImages by id describes an image
 * whatever its status; BatchGetImage of an archived image is an {@code ImageNotFound} failure.
 */
final class ImageOperations {
  private final EcrAccess access;
  private final ManifestService manifests;

  private final NextTokens nextTokens;

  ImageOperations(EcrAccess access, ManifestService manifests, NextTokens nextTokens) {
    this.access = access;
    this.manifests = manifests;
    this.nextTokens = nextTokens;
  }

  void register(Map<String, AwsOperation> ops) {
    ops.put("ListImages", this::listImages);
    ops.put("DescribeImages", this::describeImages);
    ops.put("BatchGetImage", this::batchGetImage);
    ops.put("BatchDeleteImage", this::batchDeleteImage);
    ops.put("PutImage", this::putImage);
  }

  private Repository repository(CallContext call, JsonNode in) {
    return access.repository(call, in);
  }

  private static TagStatus tagStatus(JsonNode in) {
    return Input.text(in.path("filter"), "tagStatus").map(TagStatus::valueOf).orElse(TagStatus.ANY);
  }

  /** {@code filter.imageStatus}: ACTIVE when absent (as in ECR), every status for ANY. */
  private static Set<ImageStatus> imageStatuses(JsonNode in) {
    String s = Input.text(in.path("filter"), "imageStatus").orElse(ImageStatus.ACTIVE.name());
    return "ANY".equals(s) ? EnumSet.allOf(ImageStatus.class) : EnumSet.of(ImageStatus.valueOf(s));
  }

  private Object listImages(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    Optional<String> after =
        nextTokens.decode(
            "ListImages", call, repo.registry(), repo.name().value(), Input.text(in, "nextToken"));
    Page<ImageRef> page =
        manifests.imageIds(
            repo, after, Input.maxResults(in, 100), tagStatus(in), imageStatuses(in));
    return EcrWire.response(
        "imageIds",
        page.items().stream().map(EcrWire::imageId).toList(),
        "nextToken",
        page.next()
            .map(
                k ->
                    nextTokens.encode(
                        "ListImages", call, repo.registry(), repo.name().value(), k)));
  }

  private Object describeImages(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    if (in.path("imageIds").isArray() && in.path("imageIds").size() > 0) {
      if (in.hasNonNull("nextToken") || in.hasNonNull("maxResults")) {
        throw RepositoryOperations.invalid(
            "imageIds cannot be combined with nextToken or maxResults");
      }
      List<Digest> digests = new ArrayList<>();
      for (JsonNode id : in.path("imageIds")) {
        ImageIds ids;
        try {
          ids = ImageIds.parse(id);
        } catch (ImageIds.Failure f) {
          throw RepositoryOperations.invalid(f.getMessage());
        }
        Reference ref =
            ids.digest()
                .<Reference>map(Reference.ByDigest::new)
                .orElseGet(() -> new Reference.ByTag(ids.tag().orElseThrow()));
        try {
          ManifestRecord m = manifests.find(repo, ref);
          if (ids.digest().isPresent() && ids.tag().isPresent()) {
            manifests.find(repo, new Reference.ByTag(ids.tag().get()));
          }
          digests.add(m.digest());
        } catch (RegistryException e) {
          throw e.kind() == ErrorKind.MANIFEST_UNKNOWN ? ids.notFound(repo) : e;
        }
      }
      List<Object> details = new ArrayList<>();
      for (ImageSummary s : manifests.describe(repo, digests)) {
        details.add(EcrWire.imageDetail(repo, s));
      }
      return EcrWire.response("imageDetails", details);
    }
    Optional<String> after =
        nextTokens.decode(
            "DescribeImages",
            call,
            repo.registry(),
            repo.name().value(),
            Input.text(in, "nextToken"));
    Page<ImageSummary> page =
        manifests.describe(
            repo, after, Input.maxResults(in, 100), tagStatus(in), imageStatuses(in));
    return EcrWire.response(
        "imageDetails",
        page.items().stream().map(s -> EcrWire.imageDetail(repo, s)).toList(),
        "nextToken",
        page.next()
            .map(
                k ->
                    nextTokens.encode(
                        "DescribeImages", call, repo.registry(), repo.name().value(), k)));
  }

  private Object batchGetImage(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    List<String> accepted = Input.strings(in, "acceptedMediaTypes");
    List<Object> images = new ArrayList<>();
    List<Object> failures = new ArrayList<>();
    for (JsonNode id : in.path("imageIds")) {
      try {
        ImageIds ids = ImageIds.parse(id);
        try {
          ManifestRecord m = resolve(repo, ids);
          if (!accepted.isEmpty() && !accepted.contains(m.mediaType())) {
            failures.add(
                EcrWire.failure(
                    ids.wire(),
                    "ImageNotFound",
                    "Requested image's media type "
                        + m.mediaType()
                        + " is not among the accepted media types"));
            continue;
          }
          manifests.recordPull(repo, m, call.principal().sourceArn());
          Map<String, Object> image = new LinkedHashMap<>();
          image.put("registryId", repo.account().value());
          image.put("repositoryName", repo.name().value());
          image.put("imageId", EcrWire.imageId(m.digest(), ids.tag().map(Tag::value)));
          image.put("imageManifest", new String(m.content(), StandardCharsets.UTF_8));
          image.put("imageManifestMediaType", m.mediaType());
          images.add(image);
        } catch (RegistryException e) {
          failures.add(ids.failure(e));
        }
      } catch (ImageIds.Failure f) {
        failures.add(f.entry());
      }
    }
    return EcrWire.response("images", images, "failures", failures);
  }

  /** The manifest an identifier names; digest and tag together must agree. */
  private ManifestRecord resolve(Repository repo, ImageIds ids) {
    if (ids.tag().isPresent()) {
      ManifestRecord byTag = manifests.get(repo, new Reference.ByTag(ids.tag().get()));
      if (ids.digest().isPresent() && !ids.digest().get().equals(byTag.digest())) {
        throw new RegistryException(
            ErrorKind.TAG_DIGEST_MISMATCH, "The image tag does not match the image digest");
      }
      return byTag;
    }
    return manifests.get(repo, new Reference.ByDigest(ids.digest().orElseThrow()));
  }

  private Object batchDeleteImage(CallContext call, JsonNode in) {
    Repository repo = repository(call, in);
    List<Object> deleted = new ArrayList<>();
    List<Object> failures = new ArrayList<>();
    for (JsonNode id : in.path("imageIds")) {
      try {
        ImageIds ids = ImageIds.parse(id);
        try {
          manifests
              .deleteImage(repo, ids.digest(), ids.tag())
              .forEach(r -> deleted.add(EcrWire.imageId(r)));
        } catch (RegistryException e) {
          failures.add(ids.failure(e));
        }
      } catch (ImageIds.Failure f) {
        failures.add(f.entry());
      }
    }
    return EcrWire.response("imageIds", deleted, "failures", failures);
  }

  private Object putImage(CallContext call, JsonNode in) {
    byte[] bytes = Input.required(in, "imageManifest").getBytes(StandardCharsets.UTF_8);
    Optional<String> tagText = Input.text(in, "imageTag");
    if (tagText.isPresent() && !Tag.isValid(tagText.get())) {
      throw RepositoryOperations.invalid(
          "Invalid parameter at 'imageTag' failed to satisfy constraint: 'must be a valid image tag'");
    }
    Repository repo = access.pushTarget(call, in);
    Optional<Tag> tag = tagText.map(Tag::new);
    Optional<Digest> declared =
        Input.text(in, "imageDigest")
            .map(
                d ->
                    Digest.parse(d)
                        .orElseThrow(
                            () ->
                                RepositoryOperations.invalid(
                                    "Invalid parameter at 'imageDigest': '"
                                        + d
                                        + "' is not a valid digest")));
    Digest actual = Digest.sha256(Hashing.sha256().digest(bytes));
    if (declared.isPresent()
        && !declared.get().equals(actual)
        && "sha256".equals(declared.get().algorithm())) {
      throw new RegistryException(
          ErrorKind.DIGEST_INVALID,
          "Manifest digest '"
              + actual
              + "' does not match the provided digest '"
              + declared.get()
              + "'");
    }
    // An archived image pushed again is restored (ECR), not ImageAlreadyExistsException.
    boolean exists =
        manifests.exists(repo, actual)
            && manifests.find(repo, new Reference.ByDigest(actual)).state().isActive()
            && tag.map(t -> manifests.tagged(repo, t).filter(actual::equals).isPresent())
                .orElse(true);
    if (exists) {
      throw new RegistryException(
          ErrorKind.IMAGE_ALREADY_EXISTS,
          "Image with digest '"
              + actual
              + "'"
              + tag.map(t -> " and tag '" + t.value() + "'").orElse("")
              + " already exists in the repository with name '"
              + repo.name().value()
              + "' in registry with id '"
              + repo.account().value()
              + "'");
    }
    if (Input.text(in, "imageManifestMediaType").isEmpty() && !hasMediaType(bytes)) {
      // ECR's answer to a manifest whose media type it cannot know (issue 9, item 19).
      throw RepositoryOperations.invalid(
          "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON"
              + " syntax'");
    }
    Reference ref =
        tag.<Reference>map(Reference.ByTag::new)
            .orElseGet(() -> new Reference.ByDigest(declared.orElse(actual)));
    PutManifestResult result =
        manifests.put(repo, ref, Input.text(in, "imageManifestMediaType").orElse(""), bytes);
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("registryId", repo.account().value());
    image.put("repositoryName", repo.name().value());
    image.put("imageId", EcrWire.imageId(result.digest(), tag.map(Tag::value)));
    image.put("imageManifest", new String(bytes, StandardCharsets.UTF_8));
    image.put("imageManifestMediaType", result.mediaType());
    return Map.of("image", image);
  }

  /** Whether the manifest names its own media type (a top-level string {@code mediaType}). */
  private static boolean hasMediaType(byte[] manifest) {
    try {
      return Json.mapper().readTree(manifest).path("mediaType").isTextual();
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
