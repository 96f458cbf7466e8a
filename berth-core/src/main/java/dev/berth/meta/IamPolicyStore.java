package dev.berth.meta;

import dev.berth.model.AccountId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Customer managed policies, their versions, attachments and inline policies. */
public interface IamPolicyStore {
  /** Creates the policy with version v1 as default; false when the ARN exists. */
  boolean createPolicy(ManagedPolicy policy, String document);

  Optional<ManagedPolicy> findPolicy(String arn);

  List<ManagedPolicy> listPolicies(AccountId account);

  /** Deletes the policy and its versions; false when absent. */
  boolean deletePolicy(String arn);

  /** Adds a version and returns its id ({@code vN}); makes it default when asked. */
  String addVersion(String arn, String document, boolean setAsDefault, java.time.Instant now);

  Optional<PolicyVersion> version(String arn, String versionId);

  List<PolicyVersion> versions(String arn);

  /** Attaches a managed policy (AWS or customer) to a user, group or role; idempotent. */
  void attach(AccountId account, IamEntity.Type type, String name, String policyArn);

  boolean detach(AccountId account, IamEntity.Type type, String name, String policyArn);

  /** ARNs of the managed policies attached to the entity. */
  List<String> attached(AccountId account, IamEntity.Type type, String name);

  /** How many entities a managed policy is attached to. */
  int attachmentCount(String policyArn);

  /**
   * Lower-cased names of the account's entities of {@code type} the managed policy is attached to,
   * in name order; empty when none.
   */
  List<String> attachedTo(AccountId account, IamEntity.Type type, String policyArn);

  void putInline(
      AccountId account, IamEntity.Type type, String name, String policyName, String document);

  Optional<String> inline(AccountId account, IamEntity.Type type, String name, String policyName);

  boolean deleteInline(AccountId account, IamEntity.Type type, String name, String policyName);

  /** Inline policies of the entity by name. */
  Map<String, String> inlines(AccountId account, IamEntity.Type type, String name);

  /** Removes everything attached to or inlined in the entity (when it is deleted). */
  void removeAll(AccountId account, IamEntity.Type type, String name);
}
