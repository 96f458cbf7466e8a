package dev.berth.oci;

import dev.berth.model.Descriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a manifest or index says, parsed from (and kept apart from) its exact bytes. */
public record ParsedManifest(
    String mediaType,
    Optional<Descriptor> config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Optional<String> artifactType,
    Map<String, String> annotations) {
  public ParsedManifest {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /**
   * The artifact type as the referrers API reports it: {@code artifactType}, else the config's
   * media type for an image manifest.
   */
  public Optional<String> effectiveArtifactType() {
    if (artifactType.isPresent()) {
      return artifactType;
    }
    return config.map(Descriptor::mediaType);
  }
}
