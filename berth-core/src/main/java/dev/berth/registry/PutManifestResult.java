package dev.berth.registry;

import dev.berth.model.Digest;
import java.util.Optional;

/** What a manifest push stored: its digest and, for a referrer, its subject. */
public record PutManifestResult(Digest digest, Optional<Digest> subject, boolean created) {}
