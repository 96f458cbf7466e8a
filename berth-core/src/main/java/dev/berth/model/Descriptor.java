package dev.berth.model;

import java.util.Map;
import java.util.Optional;

/** An OCI content descriptor. */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<String> artifactType,
    Map<String, String> annotations,
    Optional<Platform> platform) {
  public Descriptor {
    annotations = Map.copyOf(annotations);
  }

  /** An image index entry's platform. */
  public record Platform(String os, String architecture, Optional<String> variant) {}
}
