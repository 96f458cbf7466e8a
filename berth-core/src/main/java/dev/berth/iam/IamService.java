package dev.berth.iam;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.AccessKey;
import dev.berth.meta.DomainEvent;
import dev.berth.meta.IamEntity;
import dev.berth.meta.ManagedPolicy;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.PolicyVersion;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * IAM for each account: users, groups, roles, customer managed policies (AWS managed ones come from
 * {@link ManagedPolicies}), attachments, inline policies and access keys. Every change appends an
 * {@link DomainEvent#identityChanged identity event} to the outbox in the transaction that makes
 * it, on which every node drops its cached identity policies.
 */
public final class IamService {
  static final int MAX_KEYS_PER_USER = 2;
  static final int MAX_POLICY_VERSIONS = 5;

  private final MetadataStore meta;
  private final SecretCipher cipher;
  private final PolicyValidator validator;
  private final Function<String, Optional<String>> awsManaged;
  private final Clock clock;

  /**
   * @param awsManaged the document of an AWS managed policy by ARN
   */
  public IamService(
      MetadataStore meta,
      SecretCipher cipher,
      PolicyValidator validator,
      Function<String, Optional<String>> awsManaged,
      Clock clock) {
    this.meta = meta;
    this.cipher = cipher;
    this.validator = validator;
    this.awsManaged = awsManaged;
    this.clock = clock;
  }

  private void changed(AccountId account) {
    meta.events().append(DomainEvent.identityChanged(account), clock.instant());
  }

  /** Runs {@code write} and appends its identity event in one transaction. */
  private void change(AccountId account, Runnable write) {
    meta.transactions()
        .run(
            () -> {
              write.run();
              changed(account);
            });
  }

  private static String label(IamEntity.Type type) {
    return switch (type) {
      case USER -> "user";
      case GROUP -> "group";
      case ROLE -> "role";
    };
  }

  // ----- users, groups, roles

  public IamEntity create(
      IamEntity.Type type,
      AccountId account,
      String name,
      String path,
      String trustPolicy,
      String description,
      int maxSessionSeconds) {
    if (type == IamEntity.Type.ROLE) {
      validator.validate(trustPolicy, PolicyValidator.Kind.TRUST);
    }
    String prefix =
        switch (type) {
          case USER -> "AIDA";
          case GROUP -> "AGPA";
          case ROLE -> "AROA";
        };
    meta.accounts().ensure(account, clock.instant());
    IamEntity e =
        new IamEntity(
            type,
            account,
            name,
            IamIds.id(prefix),
            path,
            clock.instant(),
            trustPolicy,
            description,
            maxSessionSeconds);
    change(
        account,
        () -> {
          if (!meta.iam().create(e)) {
            throw IamErrors.exists(
                type == IamEntity.Type.USER
                    ? "User"
                    : type == IamEntity.Type.GROUP ? "Group" : "Role",
                name);
          }
        });
    return e;
  }

  public Optional<IamEntity> find(IamEntity.Type type, AccountId account, String name) {
    return meta.iam().find(type, account, name);
  }

  /** When the account (and so its root user) was created. */
  public Instant accountCreated(AccountId account) {
    return meta.accounts()
        .createdAt(account)
        .orElseThrow(() -> IamErrors.noSuch("account", account.value()));
  }

  public IamEntity get(IamEntity.Type type, AccountId account, String name) {
    return meta.iam()
        .find(type, account, name)
        .orElseThrow(() -> IamErrors.noSuch(label(type), name));
  }

  public Page<IamEntity> list(
      IamEntity.Type type, AccountId account, String pathPrefix, Optional<String> marker, int max) {
    return meta.iam().list(type, account, pathPrefix, marker, max);
  }

  /** Deletes an entity; like IAM, refuses while keys, policies or members remain. */
  public void delete(IamEntity.Type type, AccountId account, String name) {
    IamEntity e = get(type, account, name);
    if (!meta.iamPolicies().attached(account, type, name).isEmpty()
        || !meta.iamPolicies().inlines(account, type, name).isEmpty()) {
      throw IamErrors.conflict("Cannot delete entity, must detach all policies first.");
    }
    if (type == IamEntity.Type.USER) {
      if (!meta.accessKeys()
          .ofPrincipal(account, IamCredentials.USER_PREFIX + e.name())
          .isEmpty()) {
        throw IamErrors.conflict("Cannot delete entity, must delete access keys first.");
      }
      if (!meta.iam().groupsOf(account, name).isEmpty()) {
        throw IamErrors.conflict("Cannot delete entity, must remove users from group first.");
      }
    }
    if (type == IamEntity.Type.GROUP && !meta.iam().membersOf(account, name).isEmpty()) {
      throw IamErrors.conflict("Cannot delete entity, must remove users from group first.");
    }
    change(account, () -> meta.iam().delete(type, account, name));
  }

  public void updateTrustPolicy(AccountId account, String role, String document) {
    get(IamEntity.Type.ROLE, account, role);
    validator.validate(document, PolicyValidator.Kind.TRUST);
    change(account, () -> meta.iam().updateTrustPolicy(account, role, document));
  }

  public void addUserToGroup(AccountId account, String group, String user) {
    get(IamEntity.Type.GROUP, account, group);
    get(IamEntity.Type.USER, account, user);
    change(account, () -> meta.iam().addMember(account, group, user));
  }

  public void removeUserFromGroup(AccountId account, String group, String user) {
    get(IamEntity.Type.GROUP, account, group);
    get(IamEntity.Type.USER, account, user);
    change(
        account,
        () -> {
          if (!meta.iam().removeMember(account, group, user)) {
            throw IamErrors.noSuch("user", user + " in group " + group);
          }
        });
  }

  public List<IamEntity> groupsOf(AccountId account, String user) {
    get(IamEntity.Type.USER, account, user);
    return meta.iam().groupsOf(account, user);
  }

  public List<IamEntity> membersOf(AccountId account, String group) {
    get(IamEntity.Type.GROUP, account, group);
    return meta.iam().membersOf(account, group);
  }

  // ----- managed policies

  /** A managed policy by ARN: AWS managed ones are built in, customer ones stored. */
  public record PolicyView(ManagedPolicy policy, boolean awsManaged, int attachments) {}

  public PolicyView createPolicy(
      AccountId account, String name, String path, String description, String document) {
    validator.validate(document, PolicyValidator.Kind.IDENTITY);
    Instant now = clock.instant();
    String arn = "arn:aws:iam::" + account.value() + ":policy" + path + name;
    ManagedPolicy p =
        new ManagedPolicy(arn, account, name, IamIds.id("ANPA"), path, description, "v1", now, now);
    change(
        account,
        () -> {
          if (!meta.iamPolicies().createPolicy(p, document)) {
            throw IamErrors.exists("A policy", name);
          }
        });
    return new PolicyView(p, false, 0);
  }

  public PolicyView getPolicy(String arn) {
    if (awsManaged.apply(arn).isPresent()) {
      String name = arn.substring(arn.lastIndexOf('/') + 1);
      Instant epoch = Instant.parse("2015-10-06T17:00:00Z");
      return new PolicyView(
          new ManagedPolicy(
              arn,
              new AccountId("000000000000"),
              name,
              "ANPA" + Integer.toHexString(name.hashCode()).toUpperCase(java.util.Locale.ROOT),
              "/",
              "AWS managed policy " + name,
              "v1",
              epoch,
              epoch),
          true,
          meta.iamPolicies().attachmentCount(arn));
    }
    ManagedPolicy p =
        meta.iamPolicies()
            .findPolicy(arn)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.NO_SUCH_ENTITY,
                        "Policy " + arn + " does not exist or is not attachable."));
    return new PolicyView(p, false, meta.iamPolicies().attachmentCount(arn));
  }

  /**
   * A managed policy as {@code caller}'s account sees it: AWS managed ones, or its own customer
   * managed ones. A policy of another account is {@code NO_SUCH_ENTITY}, as if it did not exist:
   * IAM is per account.
   */
  public PolicyView getPolicy(AccountId caller, String arn) {
    visible(caller, arn);
    return getPolicy(arn);
  }

  /** A version of a policy {@code caller}'s account sees; others' are {@code NO_SUCH_ENTITY}. */
  public PolicyVersion policyVersion(AccountId caller, String arn, String versionId) {
    visible(caller, arn);
    return policyVersion(arn, versionId);
  }

  private void visible(AccountId caller, String arn) {
    if (awsManaged.apply(arn).isEmpty()
        && meta.iamPolicies().findPolicy(arn).filter(p -> p.account().equals(caller)).isEmpty()) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY, "Policy " + arn + " does not exist or is not attachable.");
    }
  }

  public List<PolicyView> listPolicies(AccountId account, String scope, List<String> awsArns) {
    List<PolicyView> out = new ArrayList<>();
    if (!"Local".equals(scope)) {
      awsArns.forEach(a -> out.add(getPolicy(a)));
    }
    if (!"AWS".equals(scope)) {
      meta.iamPolicies()
          .listPolicies(account)
          .forEach(
              p -> out.add(new PolicyView(p, false, meta.iamPolicies().attachmentCount(p.arn()))));
    }
    return out;
  }

  public void deletePolicy(AccountId account, String arn) {
    ownPolicy(account, arn);
    if (meta.iamPolicies().attachmentCount(arn) > 0) {
      throw IamErrors.conflict("Cannot delete a policy attached to entities.");
    }
    change(account, () -> meta.iamPolicies().deletePolicy(arn));
  }

  public String createPolicyVersion(
      AccountId account, String arn, String document, boolean setAsDefault) {
    ownPolicy(account, arn);
    validator.validate(document, PolicyValidator.Kind.IDENTITY);
    if (meta.iamPolicies().versions(arn).size() >= MAX_POLICY_VERSIONS) {
      throw new RegistryException(
          ErrorKind.LIMIT_EXCEEDED,
          "A managed policy can have up to " + MAX_POLICY_VERSIONS + " versions.");
    }
    String id =
        meta.transactions()
            .inTransaction(
                () -> {
                  String v =
                      meta.iamPolicies().addVersion(arn, document, setAsDefault, clock.instant());
                  changed(account);
                  return v;
                });
    return id;
  }

  /** A version's document; for AWS managed policies, their built-in document as v1. */
  public PolicyVersion policyVersion(String arn, String versionId) {
    Optional<String> aws = awsManaged.apply(arn);
    if (aws.isPresent() && "v1".equals(versionId)) {
      return new PolicyVersion(arn, "v1", aws.get(), Instant.parse("2015-10-06T17:00:00Z"));
    }
    return meta.iamPolicies()
        .version(arn, versionId)
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.NO_SUCH_ENTITY,
                    "Policy " + arn + " version " + versionId + " does not exist."));
  }

  private ManagedPolicy ownPolicy(AccountId account, String arn) {
    ManagedPolicy p =
        meta.iamPolicies()
            .findPolicy(arn)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.NO_SUCH_ENTITY, "Policy " + arn + " does not exist."));
    if (!p.account().equals(account)) {
      throw new RegistryException(ErrorKind.NO_SUCH_ENTITY, "Policy " + arn + " does not exist.");
    }
    return p;
  }

  /** The policy's default document, AWS managed or customer. */
  public Optional<String> defaultDocument(String arn) {
    Optional<String> aws = awsManaged.apply(arn);
    if (aws.isPresent()) {
      return aws;
    }
    return meta.iamPolicies()
        .findPolicy(arn)
        .flatMap(p -> meta.iamPolicies().version(arn, p.defaultVersion()))
        .map(PolicyVersion::document);
  }

  // ----- attachments and inline policies

  public void attach(AccountId account, IamEntity.Type type, String name, String policyArn) {
    get(type, account, name);
    boolean attachable =
        awsManaged.apply(policyArn).isPresent()
            || meta.iamPolicies()
                .findPolicy(policyArn)
                .filter(p -> p.account().equals(account))
                .isPresent();
    if (!attachable) {
      throw new RegistryException(
          ErrorKind.NO_SUCH_ENTITY,
          "Policy " + policyArn + " does not exist or is not attachable.");
    }
    change(account, () -> meta.iamPolicies().attach(account, type, name, policyArn));
  }

  public void detach(AccountId account, IamEntity.Type type, String name, String policyArn) {
    get(type, account, name);
    change(
        account,
        () -> {
          if (!meta.iamPolicies().detach(account, type, name, policyArn)) {
            throw new RegistryException(
                ErrorKind.NO_SUCH_ENTITY, "Policy " + policyArn + " was not found.");
          }
        });
  }

  /**
   * The account's entities of {@code type} a managed policy (AWS or the account's own) is attached
   * to, as IAM's ListEntitiesForPolicy lists them.
   */
  public List<IamEntity> attachedTo(AccountId account, IamEntity.Type type, String policyArn) {
    if (awsManaged.apply(policyArn).isEmpty()) {
      ownPolicy(account, policyArn);
    }
    return meta.iamPolicies().attachedTo(account, type, policyArn).stream()
        .flatMap(key -> meta.iam().find(type, account, key).stream())
        .toList();
  }

  public List<String> attached(AccountId account, IamEntity.Type type, String name) {
    get(type, account, name);
    return meta.iamPolicies().attached(account, type, name);
  }

  public void putInline(
      AccountId account, IamEntity.Type type, String name, String policyName, String document) {
    get(type, account, name);
    validator.validate(document, PolicyValidator.Kind.IDENTITY);
    change(account, () -> meta.iamPolicies().putInline(account, type, name, policyName, document));
  }

  public String inline(AccountId account, IamEntity.Type type, String name, String policyName) {
    get(type, account, name);
    return meta.iamPolicies()
        .inline(account, type, name, policyName)
        .orElseThrow(() -> IamErrors.noSuch(label(type) + " policy", policyName));
  }

  public void deleteInline(AccountId account, IamEntity.Type type, String name, String policyName) {
    get(type, account, name);
    change(
        account,
        () -> {
          if (!meta.iamPolicies().deleteInline(account, type, name, policyName)) {
            throw IamErrors.noSuch(label(type) + " policy", policyName);
          }
        });
  }

  public Map<String, String> inlines(AccountId account, IamEntity.Type type, String name) {
    return meta.iamPolicies().inlines(account, type, name);
  }

  // ----- access keys

  /** A new key with its secret, shown once. */
  public record NewKey(AccessKey key, String userName, String secret) {}

  public NewKey createAccessKey(AccountId account, String userName) {
    IamEntity user = get(IamEntity.Type.USER, account, userName);
    String principal = IamCredentials.USER_PREFIX + user.name();
    if (meta.accessKeys().ofPrincipal(account, principal).size() >= MAX_KEYS_PER_USER) {
      throw new RegistryException(
          ErrorKind.LIMIT_EXCEEDED,
          "Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
    }
    String secret = IamIds.secret();
    AccessKey key =
        new AccessKey(
            IamIds.accessKeyId("AKIA"),
            account,
            principal,
            cipher.encrypt(secret),
            true,
            clock.instant());
    change(account, () -> meta.accessKeys().create(key));
    return new NewKey(key, user.name(), secret);
  }

  public List<AccessKey> accessKeys(AccountId account, String userName) {
    IamEntity user = get(IamEntity.Type.USER, account, userName);
    return meta.accessKeys().ofPrincipal(account, IamCredentials.USER_PREFIX + user.name());
  }

  public void setAccessKeyActive(AccountId account, String userName, String keyId, boolean active) {
    userKey(account, userName, keyId);
    change(account, () -> meta.accessKeys().setActive(keyId, active));
  }

  public void deleteAccessKey(AccountId account, String userName, String keyId) {
    userKey(account, userName, keyId);
    change(account, () -> meta.accessKeys().delete(keyId));
  }

  private AccessKey userKey(AccountId account, String userName, String keyId) {
    IamEntity user = get(IamEntity.Type.USER, account, userName);
    return meta.accessKeys()
        .find(keyId)
        .filter(k -> k.account().equals(account))
        .filter(k -> k.principal().equals(IamCredentials.USER_PREFIX + user.name()))
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.NO_SUCH_ENTITY,
                    "The Access Key with id " + keyId + " cannot be found."));
  }
}
