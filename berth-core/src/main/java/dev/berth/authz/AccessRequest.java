package dev.berth.authz;

import dev.berth.auth.Principal;
import dev.berth.model.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authorization question.
 *
 * @param resourceAccount the account owning the resource (cross-account when it differs from the
 *     principal's)
 * @param resourcePolicy the resource's policy (repository policy, role trust policy), if any
 * @param context condition keys and their values (keys compare case-insensitively)
 */
public record AccessRequest(
    Principal principal,
    String action,
    String resourceArn,
    AccountId resourceAccount,
    Optional<String> resourcePolicy,
    Map<String, List<String>> context) {}
