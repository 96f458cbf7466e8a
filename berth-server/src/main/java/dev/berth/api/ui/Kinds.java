package dev.berth.api.ui;

import dev.berth.oci.MediaTypes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Names people use for media types and artifact types. */
final class Kinds {
  private static final Map<String, String> MEDIA_TYPES =
      Map.of(
          MediaTypes.OCI_MANIFEST,
          "OCI manifest",
          MediaTypes.OCI_INDEX,
          "OCI index",
          MediaTypes.DOCKER_MANIFEST,
          "Docker manifest v2",
          MediaTypes.DOCKER_MANIFEST_LIST,
          "Docker manifest list",
          "application/vnd.oci.image.config.v1+json",
          "OCI image config",
          "application/vnd.docker.container.image.v1+json",
          "Docker image config",
          MediaTypes.OCI_EMPTY,
          "empty");

  private Kinds() {}

  /** A short name for a well-known media type, else the type itself. */
  static String mediaType(String mediaType) {
    return MEDIA_TYPES.getOrDefault(mediaType, mediaType);
  }

  /** Whether the config type says this is a container image (not another artifact). */
  static boolean isImageConfig(String configType) {
    return "application/vnd.oci.image.config.v1+json".equals(configType)
        || "application/vnd.docker.container.image.v1+json".equals(configType);
  }

  /** Image index, Image, Signature, SBOM, Attestation or Artifact. */
  static String of(String mediaType, Optional<String> artifactType) {
    if (MediaTypes.isIndex(mediaType)) {
      return "Image index";
    }
    String a = artifactType.orElse("").toLowerCase(Locale.ROOT);
    if (a.isEmpty() || isImageConfig(a)) {
      return "Image";
    }
    if (a.contains("spdx") || a.contains("cyclonedx") || a.contains("sbom")) {
      return "SBOM";
    }
    if (a.contains("signature") || a.contains("cosign") || a.contains("notary")) {
      return "Signature";
    }
    if (a.contains("in-toto") || a.contains("attestation") || a.contains("provenance")) {
      return "Attestation";
    }
    return "Artifact";
  }
}
