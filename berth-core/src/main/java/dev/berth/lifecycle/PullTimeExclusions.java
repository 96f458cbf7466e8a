package dev.berth.lifecycle;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A registry's pull-time update exclusions (Register/Deregister/ListPullTimeUpdateExclusions): IAM
 * users and roles whose pulls leave {@code lastRecordedPullTime} alone, so scanners and replicators
 * do not keep {@code sinceImagePulled} rules from ever firing. ManifestService consults the list
 * when it records a pull; a role's sessions match by the role's ARN.
 */
public final class PullTimeExclusions {
  /** ECR: "You can configure up to 100 exclusions per account." */
  public static final int LIMIT = 100;

  private final MetadataStore meta;
  private final Clock clock;

  public PullTimeExclusions(MetadataStore meta, Clock clock) {
    this.meta = meta;
    this.clock = clock;
  }

  /** Lists the principal; returns when. */
  public Instant register(AccountId account, String principalArn) {
    Instant now = clock.instant();
    return meta.transactions()
        .inTransaction(
            () -> {
              if (meta.pullTimeExclusions().find(account, principalArn).isPresent()) {
                throw new RegistryException(
                    ErrorKind.ENTITY_ALREADY_EXISTS,
                    "The pull time update exclusion for '"
                        + principalArn
                        + "' already exists in the registry with id '"
                        + account.value()
                        + "'");
              }
              if (meta.pullTimeExclusions().count(account) >= LIMIT) {
                throw new RegistryException(
                    ErrorKind.LIMIT_EXCEEDED,
                    "The registry with id '"
                        + account.value()
                        + "' already has the maximum of "
                        + LIMIT
                        + " pull time update exclusions");
              }
              meta.pullTimeExclusions().add(account, principalArn, now);
              return now;
            });
  }

  public void deregister(AccountId account, String principalArn) {
    if (!meta.pullTimeExclusions().remove(account, principalArn)) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY,
          "The pull time update exclusion for '"
              + principalArn
              + "' was not found in the registry with id '"
              + account.value()
              + "'");
    }
  }

  public Page<String> list(AccountId account, Optional<String> after, int limit) {
    return meta.pullTimeExclusions().list(account, after, limit);
  }
}
