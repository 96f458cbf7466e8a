package dev.berth.api.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Digest;
import dev.berth.model.Repository;
import dev.berth.model.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An {@code ImageIdentifier} of a batch request, checked, with its failure code when bad. */
record ImageIds(Optional<Digest> digest, Optional<Tag> tag, Map<String, Object> wire) {

  /** Parses one identifier; a malformed one throws {@link Failure} carrying ECR's failure code. */
  static ImageIds parse(JsonNode id) {
    Map<String, Object> wire = new LinkedHashMap<>();
    Optional<String> d = Input.text(id, "imageDigest");
    Optional<String> t = Input.text(id, "imageTag");
    d.ifPresent(v -> wire.put("imageDigest", v));
    t.ifPresent(v -> wire.put("imageTag", v));
    if (d.isEmpty() && t.isEmpty()) {
      throw new Failure(wire, "MissingDigestAndTag", "Missing image digest and image tag");
    }
    Optional<Digest> digest = Optional.empty();
    if (d.isPresent()) {
      digest = Digest.parse(d.get());
      if (digest.isEmpty()) {
        throw new Failure(wire, "InvalidImageDigest", "Invalid image digest '" + d.get() + "'");
      }
    }
    if (t.isPresent() && !Tag.isValid(t.get())) {
      throw new Failure(wire, "InvalidImageTag", "Invalid image tag '" + t.get() + "'");
    }
    return new ImageIds(digest, t.map(Tag::new), wire);
  }

  /** The failure entry for a domain error on this identifier. */
  Map<String, Object> failure(RegistryException e) {
    String code =
        switch (e.kind()) {
          case TAG_DIGEST_MISMATCH -> "ImageTagDoesNotMatchDigest";
          case IMAGE_REFERENCED_BY_INDEX -> "ImageReferencedByManifestList";
          default -> "ImageNotFound";
        };
    String reason =
        e.kind() == ErrorKind.MANIFEST_UNKNOWN ? "Requested image not found" : e.getMessage();
    return EcrWire.failure(wire, code, reason);
  }

  /**
   * ECR's ImageNotFoundException for this identifier: {@code The image with imageId
   * {imageDigest:'null', imageTag:'x'} does not exist within the repository with name 'r' in the
   * registry with id '123456789012'}.
   */
  RegistryException notFound(Repository repo) {
    return new RegistryException(
        ErrorKind.MANIFEST_UNKNOWN,
        "The image with imageId {imageDigest:'"
            + wire.getOrDefault("imageDigest", "null")
            + "', imageTag:'"
            + wire.getOrDefault("imageTag", "null")
            + "'} does not exist within the repository with name '"
            + repo.name().value()
            + "' in the registry with id '"
            + repo.account().value()
            + "'");
  }

  /** A malformed identifier, reported in {@code failures} rather than failing the call. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, Object> entry;

    Failure(Map<String, Object> wire, String code, String reason) {
      super(reason);
      this.entry = EcrWire.failure(wire, code, reason);
    }

    /** The message given at construction; never null. */
    @Override
    public String getMessage() {
      return String.valueOf(super.getMessage());
    }

    Map<String, Object> entry() {
      return entry;
    }
  }
}
