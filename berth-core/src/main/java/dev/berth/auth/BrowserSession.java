package dev.berth.auth;

import dev.berth.model.AccountId;
import java.time.Instant;

/**
 * A signed-in browser session as the database keeps it, so that any node serves it.
 *
 * @param key a hash of the session id (the id itself, the cookie's secret, is never stored)
 * @param account the principal's account
 * @param principalArn the principal's ARN
 * @param principalName the user name, role-session name or {@code root}
 * @param accessKeyId the access key the browser signed in with
 * @param principalType {@code ROOT}, {@code USER} or {@code ASSUMED_ROLE}
 * @param sourceArn the identity whose policies apply
 * @param csrf the token every form of the session must echo
 * @param createdAt when it started
 * @param expiresAt when it ends
 */
public record BrowserSession(
    String key,
    AccountId account,
    String principalArn,
    String principalName,
    String accessKeyId,
    String principalType,
    String sourceArn,
    String csrf,
    Instant createdAt,
    Instant expiresAt) {}
