package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/**
 * An account's public registry (ECR Public): its alias, unique across the deployment, and the
 * display name of its registry catalog data.
 *
 * @param aliasIsDefault whether the alias is still the one chosen when the registry was created
 */
public record PublicRegistry(
    AccountId account,
    String alias,
    boolean aliasIsDefault,
    String displayName,
    Instant createdAt) {}
