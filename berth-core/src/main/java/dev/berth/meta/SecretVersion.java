package dev.berth.meta;

import java.time.Instant;

/**
 * One version of a secret's value. The value is stored only encrypted ({@code ciphertext}: of the
 * SecretString, or of the base64 of the SecretBinary when {@code binary}).
 *
 * @param versionId the ClientRequestToken that created it
 */
public record SecretVersion(
    String versionId, boolean binary, byte[] ciphertext, Instant createdAt) {}
