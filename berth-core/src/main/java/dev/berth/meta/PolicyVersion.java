package dev.berth.meta;

import java.time.Instant;

/** One version of a managed policy's document. */
public record PolicyVersion(
    String policyArn, String versionId, String document, Instant createdAt) {}
