package dev.berth.meta;

import java.time.Instant;

/** An upload in progress: bytes up to {@code offset} are durable in staging under {@code id}. */
public record UploadSession(
    String id, String repositoryId, long offset, Instant startedAt, Instant updatedAt) {}
