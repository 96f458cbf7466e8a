package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;

/**
 * The AWS organization whose management account is {@code management}.
 *
 * @param id {@code o-} and 10 lowercase letters or digits
 */
public record Organization(String id, AccountId management, Instant createdAt) {
  /** {@code arn:aws:organizations::<management>:organization/<id>}. */
  public String arn() {
    return "arn:aws:organizations::" + management.value() + ":organization/" + id;
  }

  /** {@code arn:aws:organizations::<management>:account/<id>/<account>}. */
  public String accountArn(AccountId account) {
    return "arn:aws:organizations::"
        + management.value()
        + ":account/"
        + id
        + "/"
        + account.value();
  }
}
