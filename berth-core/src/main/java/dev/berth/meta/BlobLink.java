package dev.berth.meta;

import dev.berth.model.Digest;

/** A repository's link to a blob (a row of {@code repository_blobs}). */
public record BlobLink(String repositoryId, Digest digest) {}
