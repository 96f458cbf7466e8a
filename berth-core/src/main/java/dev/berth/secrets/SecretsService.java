package dev.berth.secrets;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.SecretCipher;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.SecretVersion;
import dev.berth.meta.StoredSecret;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Secrets Manager's secrets over the metadata store, which is read on every call (no cache): a
 * change made through any node is seen by the next call on every node. A secret past its scheduled
 * deletion date is removed when it is next looked up.
 */
public final class SecretsService {
  /** Recovery windows DeleteSecret accepts, in days. */
  static final int MIN_RECOVERY_DAYS = 7;

  static final int MAX_RECOVERY_DAYS = 30;

  private final MetadataStore meta;
  private final SecretCipher cipher;
  private final Clock clock;
  private final SecretListing listing;
  private final VersionQuota versions;

  public SecretsService(MetadataStore meta, SecretCipher cipher, Clock clock) {
    this.meta = meta;
    this.cipher = cipher;
    this.clock = clock;
    this.listing = new SecretListing(meta, this::live);
    this.versions = new VersionQuota(meta.secrets());
  }

  /**
   * The ARN a call naming {@code secretId} is authorized against: the secret's, or for a secret
   * that does not exist the ARN it names (a name is taken as the ARN without suffix).
   */
  public String resourceArn(SecretScope scope, String secretId) {
    return find(scope, secretId)
        .map(StoredSecret::arn)
        .orElse(secretId.startsWith("arn:") ? secretId : scope.arnPrefix() + secretId);
  }

  /** The ARN CreateSecret is authorized against (with a placeholder suffix). */
  public static String createArn(SecretScope scope, String name) {
    return scope.arnPrefix() + name + "-??????";
  }

  public WrittenVersion create(SecretScope scope, NewSecret spec) {
    String name = SecretNames.checked(spec.name());
    Instant now = clock.instant();
    return meta.transactions()
        .inTransaction(
            () -> {
              Optional<StoredSecret> existing =
                  meta.secrets().find(scope.account(), scope.region(), name).flatMap(this::live);
              if (existing.isPresent()) {
                return createdBefore(existing.get(), spec);
              }
              StoredSecret secret =
                  new StoredSecret(
                      SecretNames.newArn(scope, name),
                      scope.account(),
                      scope.region(),
                      name,
                      spec.description(),
                      spec.kmsKeyId(),
                      now,
                      now,
                      Optional.empty());
              if (!meta.secrets().create(secret)) {
                throw exists(name);
              }
              meta.resourceTags().put(secret.arn(), spec.tags());
              if (spec.value().isEmpty()) {
                return new WrittenVersion(secret, Optional.empty(), java.util.List.of());
              }
              SecretValue value = spec.value().get();
              meta.secrets()
                  .addVersion(
                      secret.arn(),
                      new SecretVersion(
                          spec.token(), value.binary(), cipher.encrypt(value.encoded()), now));
              meta.secrets().setStages(secret.arn(), Map.of(Stages.CURRENT, spec.token()));
              return new WrittenVersion(
                  secret, Optional.of(spec.token()), java.util.List.of(Stages.CURRENT));
            });
  }

  /** A retried CreateSecret (same token, same value) answers again; anything else conflicts. */
  private WrittenVersion createdBefore(StoredSecret existing, NewSecret spec) {
    if (existing.deletionDate().isPresent()) {
      throw SecretErrors.invalidRequest(
          "You can't create this secret because a secret with this name is already scheduled for"
              + " deletion.");
    }
    if (spec.value().isPresent()
        && meta.secrets()
            .version(existing.arn(), spec.token())
            .filter(v -> sameValue(v, spec.value().get()))
            .isPresent()) {
      return new WrittenVersion(
          existing,
          Optional.of(spec.token()),
          Stages.of(meta.secrets().stages(existing.arn()), spec.token()));
    }
    throw exists(existing.name());
  }

  private static RegistryException exists(String name) {
    return new RegistryException(
        ErrorKind.ENTITY_ALREADY_EXISTS,
        "The operation failed because the secret " + name + " already exists.");
  }

  /**
   * Adds a version with {@code token} as its id and moves {@code stages} to it; a retry with the
   * same token and value changes nothing, the same token with another value fails.
   */
  public WrittenVersion putValue(
      SecretScope scope, String secretId, String token, SecretValue value, Set<String> stages) {
    byte[] sealed = cipher.encrypt(value.encoded());
    Instant now = clock.instant();
    return meta.transactions()
        .inTransaction(
            () -> {
              StoredSecret secret = usable(scope, secretId);
              Optional<SecretVersion> existing = meta.secrets().version(secret.arn(), token);
              if (existing.isPresent()) {
                if (!sameValue(existing.get(), value)) {
                  throw new RegistryException(
                      ErrorKind.ENTITY_ALREADY_EXISTS,
                      "You can't modify an existing version, you can only create a new version.");
                }
                return new WrittenVersion(
                    secret,
                    Optional.of(token),
                    Stages.of(meta.secrets().stages(secret.arn()), token));
              }
              Map<String, String> before = meta.secrets().stages(secret.arn());
              versions.makeRoom(secret.arn(), before, now);
              meta.secrets()
                  .addVersion(secret.arn(), new SecretVersion(token, value.binary(), sealed, now));
              Map<String, String> labels = Stages.afterPut(before, token, stages);
              meta.secrets().setStages(secret.arn(), labels);
              StoredSecret changed = secret.changed(now);
              meta.secrets().update(changed);
              return new WrittenVersion(changed, Optional.of(token), Stages.of(labels, token));
            });
  }

  private boolean sameValue(SecretVersion stored, SecretValue value) {
    return stored.binary() == value.binary()
        && cipher.decrypt(stored.ciphertext()).equals(value.encoded());
  }

  /** The value of the version selected (by default {@code AWSCURRENT}). */
  public VersionedValue value(SecretScope scope, String secretId, VersionSelector which) {
    StoredSecret secret = usable(scope, secretId);
    Map<String, String> labels = meta.secrets().stages(secret.arn());
    String stage = which.stage().orElse(Stages.CURRENT);
    String versionId =
        which.versionId().isPresent()
            ? which.versionId().get()
            : Optional.ofNullable(labels.get(stage))
                .orElseThrow(() -> SecretErrors.valueNotFound("staging label", stage));
    SecretVersion version =
        meta.secrets()
            .version(secret.arn(), versionId)
            .filter(v -> which.stage().isEmpty() || versionId.equals(labels.get(stage)))
            .orElseThrow(() -> SecretErrors.valueNotFound("VersionId", versionId));
    return new VersionedValue(
        secret,
        versionId,
        SecretValue.decoded(version.binary(), cipher.decrypt(version.ciphertext())),
        Stages.of(labels, versionId),
        version.createdAt());
  }

  /**
   * The internal read for the pull-through cache: the {@code AWSCURRENT} SecretString of the secret
   * with that ARN (or name) in the account and region; empty when there is no such secret, it is
   * scheduled for deletion, or its current value is missing or binary.
   */
  public Optional<String> currentValue(AccountId account, String region, String secretArn) {
    SecretScope scope = new SecretScope(account, region);
    return find(scope, secretArn)
        .filter(s -> s.deletionDate().isEmpty())
        .flatMap(
            s ->
                Optional.ofNullable(meta.secrets().stages(s.arn()).get(Stages.CURRENT))
                    .flatMap(id -> meta.secrets().version(s.arn(), id)))
        .filter(v -> !v.binary())
        .map(v -> cipher.decrypt(v.ciphertext()));
  }

  /** The secret's details; a secret scheduled for deletion is described too. */
  public SecretDetails describe(SecretScope scope, String secretId) {
    StoredSecret secret = find(scope, secretId).orElseThrow(SecretErrors::notFound);
    return details(secret);
  }

  SecretDetails details(StoredSecret secret) {
    return new SecretDetails(
        secret,
        meta.resourceTags().tags(secret.arn()),
        Stages.byVersion(meta.secrets().stages(secret.arn())));
  }

  public Page<SecretDetails> list(SecretScope scope, ListQuery query) {
    return listing.list(scope, query, this::details);
  }

  /** Schedules the secret's deletion {@code days} from now; the secret keeps the date. */
  public StoredSecret scheduleDeletion(SecretScope scope, String secretId, long days) {
    if (days < MIN_RECOVERY_DAYS || days > MAX_RECOVERY_DAYS) {
      throw SecretErrors.invalid(
          "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    }
    Instant now = clock.instant();
    return meta.transactions()
        .inTransaction(
            () -> {
              StoredSecret scheduled =
                  usable(scope, secretId)
                      .deletion(Optional.of(now.plus(Duration.ofDays(days))), now);
              meta.secrets().update(scheduled);
              return scheduled;
            });
  }

  /** Deletes the secret now, with every version; answers it with the deletion date now. */
  public StoredSecret forceDelete(SecretScope scope, String secretId) {
    Instant now = clock.instant();
    return changing(
        scope,
        secretId,
        secret -> {
          purge(secret);
          return secret.deletion(Optional.of(now), now);
        });
  }

  /** Cancels a scheduled deletion (a secret not scheduled is answered unchanged). */
  public StoredSecret restore(SecretScope scope, String secretId) {
    Instant now = clock.instant();
    return changing(
        scope,
        secretId,
        secret -> {
          if (secret.deletionDate().isEmpty()) {
            return secret;
          }
          StoredSecret restored = secret.deletion(Optional.empty(), now);
          meta.secrets().update(restored);
          return restored;
        });
  }

  /** Runs {@code change} on the secret in one transaction; not found when there is none. */
  private StoredSecret changing(
      SecretScope scope, String secretId, UnaryOperator<StoredSecret> change) {
    return meta.transactions()
        .inTransaction(
            () -> change.apply(find(scope, secretId).orElseThrow(SecretErrors::notFound)));
  }

  /** The secret, which must not be scheduled for deletion. */
  private StoredSecret usable(SecretScope scope, String secretId) {
    StoredSecret secret = find(scope, secretId).orElseThrow(SecretErrors::notFound);
    if (secret.deletionDate().isPresent()) {
      throw SecretErrors.markedForDeletion();
    }
    return secret;
  }

  /** The scope's secret by name, full ARN, or ARN without the random suffix. */
  private Optional<StoredSecret> find(SecretScope scope, String secretId) {
    Optional<StoredSecret> found;
    if (secretId.startsWith("arn:")) {
      found =
          meta.secrets()
              .findByArn(secretId)
              .filter(
                  s -> s.account().equals(scope.account()) && s.region().equals(scope.region()));
      if (found.isEmpty() && secretId.startsWith(scope.arnPrefix())) {
        found =
            meta.secrets()
                .find(
                    scope.account(),
                    scope.region(),
                    secretId.substring(scope.arnPrefix().length()));
      }
    } else {
      found = meta.secrets().find(scope.account(), scope.region(), secretId);
    }
    return found.flatMap(this::live);
  }

  /** The secret unless its deletion date has passed; such a secret is removed now. */
  private Optional<StoredSecret> live(StoredSecret secret) {
    if (secret.deletionDate().isPresent()
        && !clock.instant().isBefore(secret.deletionDate().get())) {
      purge(secret);
      return Optional.empty();
    }
    return Optional.of(secret);
  }

  private void purge(StoredSecret secret) {
    meta.transactions()
        .run(
            () -> {
              meta.secrets().delete(secret.arn());
              meta.resourceTags().removeAll(secret.arn());
            });
  }
}
