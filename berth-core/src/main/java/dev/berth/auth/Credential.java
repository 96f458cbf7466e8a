package dev.berth.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A secret that can sign requests, as resolved from an access key id.
 *
 * @param secretAccessKey the plain secret (decrypted only for verification)
 * @param sessionToken required in the request when present (temporary credentials)
 * @param expiresAt when temporary credentials stop working
 */
public record Credential(
    String accessKeyId,
    String secretAccessKey,
    Optional<String> sessionToken,
    Principal principal,
    boolean active,
    Optional<Instant> expiresAt) {}
