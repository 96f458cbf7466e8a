package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/**
 * Temporary credentials.
 *
 * @param principalArn the session's own ARN ({@code ...:assumed-role/role/session}, or the user's
 *     ARN for GetSessionToken)
 * @param sourceArn the role's ARN for AssumeRole, the user's ARN for GetSessionToken
 */
public record StsSession(
    String accessKeyId,
    AccountId account,
    String principalArn,
    String sourceArn,
    String sessionName,
    byte[] secretCiphertext,
    String sessionToken,
    Instant expiresAt) {}
