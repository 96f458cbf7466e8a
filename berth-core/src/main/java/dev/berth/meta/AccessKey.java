package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/**
 * An access key. The secret is stored only encrypted ({@code secretCiphertext}); SigV4 needs the
 * plain secret, so it is decrypted when verifying, never hashed.
 */
public record AccessKey(
    String accessKeyId,
    AccountId account,
    String principal,
    byte[] secretCiphertext,
    boolean active,
    Instant createdAt) {}
