package dev.berth.meta;

import dev.berth.model.AccountId;
import java.time.Instant;
import java.util.Optional;

/**
 * A Secrets Manager secret as stored, without its versions or tags.
 *
 * @param arn {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>}
 * @param changedAt when the secret or its value last changed (AWS's LastChangedDate)
 * @param deletionDate when a scheduled deletion takes effect; empty unless scheduled
 */
public record StoredSecret(
    String arn,
    AccountId account,
    String region,
    String name,
    Optional<String> description,
    Optional<String> kmsKeyId,
    Instant createdAt,
    Instant changedAt,
    Optional<Instant> deletionDate) {

  /** The same secret, changed at {@code at}. */
  public StoredSecret changed(Instant at) {
    return new StoredSecret(
        arn, account, region, name, description, kmsKeyId, createdAt, at, deletionDate);
  }

  /** The same secret, scheduled for deletion at {@code when} (or no longer: empty). */
  public StoredSecret deletion(Optional<Instant> when, Instant at) {
    return new StoredSecret(arn, account, region, name, description, kmsKeyId, createdAt, at, when);
  }
}
