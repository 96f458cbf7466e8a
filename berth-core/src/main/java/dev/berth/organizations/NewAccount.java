package dev.berth.organizations;

import java.util.Map;

/**
 * What {@code CreateAccount} asks for.
 *
 * @param roleName the role created in the account for the management account to assume
 * @param billingAccess {@code IamUserAccessToBilling}: accepted, without effect (Berth bills
 *     nothing)
 * @param tags tags of the new account
 */
public record NewAccount(
    String email, String name, String roleName, boolean billingAccess, Map<String, String> tags) {
  public NewAccount {
    tags = Map.copyOf(tags);
  }

  /** An account with the default role name, billing access allowed and no tags. */
  public static NewAccount of(String email, String name) {
    return new NewAccount(email, name, OrganizationService.DEFAULT_ROLE, true, Map.of());
  }
}
