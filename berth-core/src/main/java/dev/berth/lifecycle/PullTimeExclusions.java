package dev.berth.lifecycle;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A registry's pull-time update exclusions (Register/Deregister/ListPullTimeUpdateExclusions): IAM
 * users and roles whose pulls leave {@code lastRecordedPullTime} alone, so scanners and replicators
 * do not keep {@code sinceImagePulled} rules from ever firing. ManifestService consults the list
 * when it records a pull.
 *
 * <p>Matching: ECR's "Pull-time update exclusions" page
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-time-update-exclusions.html) lists
 * IAM role ARNs ("When a role in the exclusion list pulls an image, the pull time remains
 * unchanged"), and the model's {@code PrincipalArn} admits {@code role/} and {@code user/} ARNs
 * with paths. A pull is excluded when the registry (the repository's account) lists the caller's
 * identity ARN: a user's ARN, or for an assumed-role session ({@code
 * arn:aws:sts::<account>:assumed-role/<name>/<session>}) the ARN of the role itself, path included,
 * so every session of the role is excluded. The root user cannot be listed.
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
  public Instant register(RegistryId registry, String principalArn) {
    Instant now = clock.instant();
    return meta.transactions()
        .inTransaction(
            () -> {
              if (meta.pullTimeExclusions().find(registry, principalArn).isPresent()) {
                throw new RegistryException(
                    ErrorKind.ENTITY_ALREADY_EXISTS,
                    "The pull time update exclusion for '"
                        + principalArn
                        + "' already exists in the registry with id '"
                        + registry.account().value()
                        + "'");
              }
              if (meta.pullTimeExclusions().count(registry) >= LIMIT) {
                throw new RegistryException(
                    ErrorKind.LIMIT_EXCEEDED,
                    "The registry with id '"
                        + registry.account().value()
                        + "' already has the maximum of "
                        + LIMIT
                        + " pull time update exclusions");
              }
              meta.pullTimeExclusions().add(registry, principalArn, now);
              return now;
            });
  }

  public void deregister(RegistryId registry, String principalArn) {
    if (!meta.pullTimeExclusions().remove(registry, principalArn)) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY,
          "The pull time update exclusion for '"
              + principalArn
              + "' was not found in the registry with id '"
              + registry.account().value()
              + "'");
    }
  }

  public Page<String> list(RegistryId registry, Optional<String> after, int limit) {
    return meta.pullTimeExclusions().list(registry, after, limit);
  }
}
