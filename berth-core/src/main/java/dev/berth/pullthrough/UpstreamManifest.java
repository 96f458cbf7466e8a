package dev.berth.pullthrough;

import dev.berth.model.Digest;

/** A manifest exactly as the upstream sent it, with the digest of those bytes. */
record UpstreamManifest(String mediaType, byte[] bytes, Digest digest) {}
