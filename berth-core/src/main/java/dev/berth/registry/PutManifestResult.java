package dev.berth.registry;

import dev.berth.model.Digest;
import java.util.Optional;

/**
 * What a manifest push stored: its digest, its media type (declared or read from the body) and, for
 * a referrer, its subject.
 */
public record PutManifestResult(
    Digest digest, String mediaType, Optional<Digest> subject, boolean created) {}
