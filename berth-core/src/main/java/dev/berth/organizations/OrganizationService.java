package dev.berth.organizations;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.IamService;
import dev.berth.meta.AccountCreation;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.Organization;
import dev.berth.meta.OrganizationAccount;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import dev.berth.policy.ManagedPolicies;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The organization of the management account and the accounts it creates. An account is created
 * synchronously: the account, its membership, the role the management account assumes into it (with
 * AdministratorAccess) and the request's status commit in one transaction, together with the
 * identity event of the new account; the status is {@code SUCCEEDED} (or {@code FAILED}) at once.
 */
public final class OrganizationService {
  /** The role AWS creates in a new account unless {@code RoleName} says otherwise. */
  public static final String DEFAULT_ROLE = "OrganizationAccountAccessRole";

  /** The management account's name in listings (Berth's default account has no other). */
  static final String MANAGEMENT_NAME = "Berth management account";

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
  private static final Pattern NAME = Pattern.compile("[\\u0020-\\u007E]{1,50}");
  private static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX_SESSION_SECONDS = 3600;

  private final MetadataStore meta;
  private final IamService iam;
  private final AccountId management;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private volatile Optional<Organization> organization = Optional.empty();

  public OrganizationService(
      MetadataStore meta, IamService iam, AccountId management, Clock clock) {
    this.meta = meta;
    this.iam = iam;
    this.management = management;
    this.clock = clock;
  }

  /**
   * The organization, created with the management account as its first member on first use. The
   * management account's email is a placeholder under the reserved {@code .invalid} domain: Berth
   * knows no address for it.
   */
  public Organization organization() {
    Optional<Organization> known = organization;
    if (known.isPresent()) {
      return known.get();
    }
    Instant now = clock.instant();
    meta.accounts().ensure(management, now);
    String id = "o-" + random(10);
    Organization stored =
        meta.organizations()
            .ensure(
                new Organization(id, management, now),
                new OrganizationAccount(
                    management,
                    id,
                    MANAGEMENT_NAME,
                    managementEmail(management),
                    OrganizationAccount.Status.ACTIVE,
                    OrganizationAccount.JoinedMethod.INVITED,
                    now));
    organization = Optional.of(stored);
    return stored;
  }

  static String managementEmail(AccountId management) {
    return "management@" + management.value() + ".berth.invalid";
  }

  /** Where {@code account} stands in the organization. */
  public Membership membership(AccountId account) {
    if (account.equals(management)) {
      return Membership.MANAGEMENT;
    }
    String org = organization().id();
    return meta.organizations()
        .account(account)
        .filter(a -> a.organizationId().equals(org))
        .map(a -> Membership.MEMBER)
        .orElse(Membership.NONE);
  }

  /** The management account's membership (its name and email). */
  public OrganizationAccount managementAccount() {
    return account(management);
  }

  /**
   * Creates a member account: {@code FAILED} with {@code EMAIL_ALREADY_EXISTS} when a member has
   * the email already, else {@code SUCCEEDED} with the new account's id. Either way the status is
   * stored for {@link #creation}.
   */
  public AccountCreation createAccount(NewAccount request) {
    validate(request);
    Organization org = organization();
    return meta.transactions()
        .inTransaction(
            () -> {
              Instant now = clock.instant();
              String id = "car-" + random(32);
              if (meta.organizations().emailInUse(request.email())) {
                return record(
                    new AccountCreation(
                        id,
                        org.id(),
                        request.name(),
                        AccountCreation.State.FAILED,
                        now,
                        Optional.of(now),
                        Optional.empty(),
                        Optional.of("EMAIL_ALREADY_EXISTS")));
              }
              AccountId account = newAccountId();
              meta.accounts().ensure(account, now);
              boolean added =
                  meta.organizations()
                      .addAccount(
                          new OrganizationAccount(
                              account,
                              org.id(),
                              request.name(),
                              request.email(),
                              OrganizationAccount.Status.ACTIVE,
                              OrganizationAccount.JoinedMethod.CREATED,
                              now));
              if (!added) {
                throw new RegistryException(
                    ErrorKind.IN_PROGRESS,
                    "The target of the operation is currently being modified by a different"
                        + " request. Try again later.");
              }
              accessRole(account, request.roleName());
              if (!request.tags().isEmpty()) {
                meta.resourceTags().put(org.accountArn(account), request.tags());
              }
              return record(
                  new AccountCreation(
                      id,
                      org.id(),
                      request.name(),
                      AccountCreation.State.SUCCEEDED,
                      now,
                      Optional.of(now),
                      Optional.of(account),
                      Optional.empty()));
            });
  }

  /** The role the management account's principals may assume, with AdministratorAccess. */
  private void accessRole(AccountId account, String roleName) {
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::"
            + management.value()
            + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    iam.create(IamEntity.Type.ROLE, account, roleName, "/", trust, "", MAX_SESSION_SECONDS);
    iam.attach(
        account,
        IamEntity.Type.ROLE,
        roleName,
        ManagedPolicies.arnOf(ManagedPolicies.ADMINISTRATOR_ACCESS));
  }

  private AccountCreation record(AccountCreation c) {
    meta.organizations().addCreation(c);
    return c;
  }

  /** Twelve random digits no account has. */
  private AccountId newAccountId() {
    while (true) {
      StringBuilder sb = new StringBuilder(12);
      for (int i = 0; i < 12; i++) {
        sb.append((char) ('0' + random.nextInt(10)));
      }
      AccountId id = new AccountId(sb.toString());
      if (!meta.accounts().exists(id)) {
        return id;
      }
    }
  }

  private String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(LOWER_DIGITS.charAt(random.nextInt(LOWER_DIGITS.length())));
    }
    return sb.toString();
  }

  private static void validate(NewAccount r) {
    if (r.email().length() < 6
        || r.email().length() > 64
        || !r.email().chars().allMatch(c -> c < 128)
        || !EMAIL.matcher(r.email()).matches()) {
      throw OrganizationErrors.invalid(
          "The requested email address is not valid (INVALID_EMAIL_ADDRESS_TARGET).");
    }
    if (!NAME.matcher(r.name()).matches()) {
      throw OrganizationErrors.invalid(
          "You provided a value that does not match the required pattern for AccountName.");
    }
    if (!ROLE.matcher(r.roleName()).matches()) {
      throw OrganizationErrors.invalid(
          "You provided a value that does not match the required pattern for RoleName.");
    }
  }

  /** A create-account request of this organization; {@code NO_SUCH_ENTITY} when unknown. */
  public AccountCreation creation(String id) {
    String org = organization().id();
    return meta.organizations()
        .creation(id)
        .filter(c -> c.organizationId().equals(org))
        .orElseThrow(OrganizationErrors::creationNotFound);
  }

  /** Create-account requests in the given states (all when empty), in id order. */
  public Page<AccountCreation> creations(
      Set<AccountCreation.State> states, Optional<String> after, int limit) {
    return meta.organizations().creations(organization().id(), states, after, limit);
  }

  /** The organization's accounts, the management account included, in id order. */
  public Page<OrganizationAccount> accounts(Optional<String> after, int limit) {
    return meta.organizations().accounts(organization().id(), after, limit);
  }

  /** A member account; {@code NO_SUCH_ENTITY} for an account outside the organization. */
  public OrganizationAccount account(AccountId account) {
    String org = organization().id();
    return meta.organizations()
        .account(account)
        .filter(a -> a.organizationId().equals(org))
        .orElseThrow(OrganizationErrors::accountNotFound);
  }
}
