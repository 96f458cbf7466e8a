package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/** Accounts (each owns one private registry). */
public interface AccountStore {
  /** Creates the account if absent; idempotent. */
  void ensure(AccountId account, Instant now);

  boolean exists(AccountId account);

  /** When the account was created; empty when it does not exist. */
  java.util.Optional<Instant> createdAt(AccountId account);

  /** Every account, in id order. */
  java.util.List<AccountId> list();
}
