package dev.berth.meta;

import dev.berth.model.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Secrets Manager secrets, their versions and staging labels, per account and region. */
public interface SecretStore {
  /** Inserts a secret; false (no change) when the account has one of that name in the region. */
  boolean create(StoredSecret secret);

  /** The account's secret of that name in the region, if any. */
  Optional<StoredSecret> find(AccountId account, String region, String name);

  /** The secret with that ARN, if any. */
  Optional<StoredSecret> findByArn(String arn);

  /** Every secret of the account in the region, oldest first (then by name). */
  List<StoredSecret> list(AccountId account, String region);

  /**
   * Replaces the description, KMS key, change time and deletion date of the secret with that ARN;
   * false when there is none.
   */
  boolean update(StoredSecret secret);

  /** Deletes the secret with its versions and staging labels; false when there is none. */
  boolean delete(String arn);

  /**
   * Adds a version to the secret; false (no change) when it already has a version of that id. The
   * secret must exist.
   */
  boolean addVersion(String arn, SecretVersion version);

  /** Every version of the secret, oldest first. */
  List<SecretVersion> versions(String arn);

  /** Deletes one version (which no staging label may name); false when there is none. */
  boolean deleteVersion(String arn, String versionId);

  /** The secret's version of that id, if any. */
  Optional<SecretVersion> version(String arn, String versionId);

  /** The secret's staging labels: label to version id, ordered by label. */
  Map<String, String> stages(String arn);

  /** Replaces every staging label of the secret; each version named must exist. */
  void setStages(String arn, Map<String, String> stages);
}
