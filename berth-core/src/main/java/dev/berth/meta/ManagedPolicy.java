package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/** A customer managed policy (its documents are in {@link PolicyVersion}s). */
public record ManagedPolicy(
    String arn,
    AccountId account,
    String name,
    String policyId,
    String path,
    String description,
    String defaultVersion,
    Instant createdAt,
    Instant updatedAt) {}
