package dev.berth.secrets;

import dev.berth.model.AccountId;

/** Where secrets live: one account's secrets in one region. */
public record SecretScope(AccountId account, String region) {
  /** The ARN of the account's secrets in the region, up to the name. */
  String arnPrefix() {
    return "arn:aws:secretsmanager:" + region + ":" + account.value() + ":secret:";
  }
}
