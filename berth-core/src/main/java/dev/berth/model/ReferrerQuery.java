package dev.berth.model;

import java.util.Optional;

/**
 * One page of a subject's referrers: only those of {@code artifactType} when given, with digests
 * after {@code after}, at most {@code limit} of them, and annotations adding up to at most {@code
 * annotationBytes} of JSON (a page ends before the entry that would go past it, but always holds at
 * least one entry). With {@code annotationBytes} 0 the descriptors carry no annotations and only
 * {@code limit} bounds the page.
 */
public record ReferrerQuery(
    Optional<String> artifactType, Optional<String> after, int limit, long annotationBytes) {
  public ReferrerQuery {
    if (limit < 0 || annotationBytes < 0) {
      throw new IllegalArgumentException("limit and annotationBytes must not be negative");
    }
  }
}
