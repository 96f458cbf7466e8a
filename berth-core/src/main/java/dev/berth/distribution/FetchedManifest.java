package dev.berth.distribution;

import dev.berth.model.Digest;

/** A manifest exactly as the registry sent it, with the digest of those bytes. */
public record FetchedManifest(String mediaType, byte[] bytes, Digest digest) {}
