package dev.berth.meta;

import dev.berth.model.Digest;

/** One edge from a manifest to what it references, kept for GC, validation and referrers. */
public record ManifestReference(
    Kind kind, int ordinal, Digest digest, String mediaType, long size) {
  /** What the referenced content is to the manifest. */
  public enum Kind {
    CONFIG,
    LAYER,
    MANIFEST,
    SUBJECT
  }
}
