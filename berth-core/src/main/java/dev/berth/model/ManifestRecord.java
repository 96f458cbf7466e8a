package dev.berth.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored manifest: the exact bytes received, their digest and media type, and what the registry
 * derived from them, with its storage class state.
 */
public record ManifestRecord(
    Digest digest,
    String mediaType,
    byte[] content,
    Optional<String> artifactType,
    Optional<Digest> subject,
    Instant pushedAt,
    Optional<Instant> lastPulledAt,
    ImageState state) {

  /** A manifest that was never archived. */
  public ManifestRecord(
      Digest digest,
      String mediaType,
      byte[] content,
      Optional<String> artifactType,
      Optional<Digest> subject,
      Instant pushedAt,
      Optional<Instant> lastPulledAt) {
    this(
        digest,
        mediaType,
        content,
        artifactType,
        subject,
        pushedAt,
        lastPulledAt,
        ImageState.ACTIVE);
  }

  public long size() {
    return content.length;
  }
}
