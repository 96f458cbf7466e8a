package dev.berth.auth;

import dev.berth.model.AccountId;

/**
 * Who made a request.
 *
 * @param account the principal's account
 * @param arn e.g. {@code arn:aws:iam::123456789012:root} or {@code ...:user/alice}
 * @param name the user or role-session name ({@code root} for the account root)
 * @param accessKeyId the access key the request was signed with
 */
public record Principal(AccountId account, String arn, String name, String accessKeyId) {
  /** The root principal of an account. */
  public static Principal root(AccountId account, String accessKeyId) {
    return new Principal(account, "arn:aws:iam::" + account.value() + ":root", "root", accessKeyId);
  }
}
