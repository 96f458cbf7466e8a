package dev.berth.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.authz.PolicyEngine;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.iam.IamService;
import dev.berth.iam.RootKeys;
import dev.berth.iam.SecretCipher;
import dev.berth.meta.AccountCreation;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.Organization;
import dev.berth.meta.OrganizationAccount;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OrganizationService on SQLite: accounts created with their access role, in one transaction. */
class OrganizationServiceTest {
  private static final AccountId MANAGEMENT = new AccountId("111122223333");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;
  private MetadataStore meta;
  private SecretCipher cipher;
  private IamService iam;
  private OrganizationService orgs;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    cipher = SecretCipher.fromKeyFile(dir.resolve("master.key"));
    PolicyEngine engine = new PolicyEngine();
    iam = new IamService(meta, cipher, engine, engine::awsManaged, CLOCK);
    orgs = new OrganizationService(meta, iam, MANAGEMENT, CLOCK);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  @Test
  void createAccount_succeedsAtOnce_withTheAccessRoleTrustingTheManagementAccount() {
    long before = meta.events().last();

    AccountCreation c = orgs.createAccount(NewAccount.of("dev@example.com", "dev"));

    assertThat(c.state()).isEqualTo(AccountCreation.State.SUCCEEDED);
    assertThat(c.id()).matches("car-[a-z0-9]{32}");
    assertThat(c.completedAt()).contains(NOW);
    AccountId id = c.accountId().orElseThrow();
    assertThat(id.value()).matches("\\d{12}").isNotEqualTo(MANAGEMENT.value());
    assertThat(orgs.creation(c.id())).isEqualTo(c);
    assertThat(orgs.membership(id)).isEqualTo(Membership.MEMBER);
    assertThat(meta.accounts().exists(id)).isTrue();
    IamEntity role = iam.get(IamEntity.Type.ROLE, id, OrganizationService.DEFAULT_ROLE);
    assertThat(role.trustPolicy())
        .contains("\"arn:aws:iam::111122223333:root\"")
        .contains("sts:AssumeRole");
    assertThat(iam.attached(id, IamEntity.Type.ROLE, OrganizationService.DEFAULT_ROLE))
        .containsExactly("arn:aws:iam::aws:policy/AdministratorAccess");
    assertThat(meta.events().last())
        .as("the identity event of the new account")
        .isGreaterThan(before);
    OrganizationAccount member = orgs.account(id);
    assertThat(member.name()).isEqualTo("dev");
    assertThat(member.joinedMethod()).isEqualTo(OrganizationAccount.JoinedMethod.CREATED);
  }

  @Test
  void createAccount_withRoleNameAndTags_createsThatRoleAndTagsTheAccount() {
    AccountCreation c =
        orgs.createAccount(
            new NewAccount("t@example.com", "tagged", "Admin", false, Map.of("team", "a")));

    AccountId id = c.accountId().orElseThrow();
    assertThat(iam.find(IamEntity.Type.ROLE, id, "Admin")).isPresent();
    assertThat(iam.find(IamEntity.Type.ROLE, id, OrganizationService.DEFAULT_ROLE)).isEmpty();
    assertThat(meta.resourceTags().tags(orgs.organization().accountArn(id)))
        .containsExactly(Map.entry("team", "a"));
  }

  @Test
  void createAccount_withAnEmailInUse_failsWithEmailAlreadyExists_andCreatesNothing() {
    orgs.createAccount(NewAccount.of("dev@example.com", "dev"));
    int accounts = meta.accounts().list().size();

    AccountCreation again = orgs.createAccount(NewAccount.of("DEV@example.com", "dev2"));

    assertThat(again.state()).isEqualTo(AccountCreation.State.FAILED);
    assertThat(again.failureReason()).contains("EMAIL_ALREADY_EXISTS");
    assertThat(again.accountId()).isEmpty();
    assertThat(orgs.creation(again.id())).isEqualTo(again);
    assertThat(meta.accounts().list()).hasSize(accounts);
    assertThat(orgs.creations(Set.of(AccountCreation.State.FAILED), Optional.empty(), 10).items())
        .containsExactly(again);
  }

  @Test
  void createAccount_whenTheRoleCannotBeCreated_leavesNoAccountMembershipOrStatus() {
    orgs.organization();
    PolicyEngine engine = new PolicyEngine();
    IamService refusing =
        new IamService(
            meta,
            cipher,
            (document, kind) -> {
              throw new RegistryException(ErrorKind.MALFORMED_POLICY, "refused for the test");
            },
            engine::awsManaged,
            CLOCK);
    OrganizationService failing = new OrganizationService(meta, refusing, MANAGEMENT, CLOCK);
    var accounts = meta.accounts().list();
    long events = meta.events().last();

    assertThatThrownBy(() -> failing.createAccount(NewAccount.of("r@example.com", "r")))
        .hasMessage("refused for the test");

    assertThat(meta.accounts().list()).isEqualTo(accounts);
    assertThat(meta.organizations().emailInUse("r@example.com")).isFalse();
    assertThat(orgs.creations(Set.of(), Optional.empty(), 10).items()).isEmpty();
    assertThat(meta.events().last()).isEqualTo(events);
  }

  @Test
  void createAccount_refusesAnInvalidEmailNameOrRole() {
    assertThatThrownBy(() -> orgs.createAccount(NewAccount.of("not-an-email", "x")))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_PARAMETER));
    assertThatThrownBy(() -> orgs.createAccount(NewAccount.of("a@b.example", "")))
        .isInstanceOf(RegistryException.class);
    assertThatThrownBy(
            () ->
                orgs.createAccount(new NewAccount("a@b.example", "x", "bad role", true, Map.of())))
        .isInstanceOf(RegistryException.class);
    assertThat(orgs.accounts(Optional.empty(), 10).items()).hasSize(1);
  }

  @Test
  void organization_isStoredOnce_withTheManagementAccountAsItsFirstMember() {
    Organization org = orgs.organization();
    Organization seenByAnotherNode =
        new OrganizationService(meta, iam, MANAGEMENT, CLOCK).organization();

    assertThat(seenByAnotherNode).isEqualTo(org);
    assertThat(org.id()).matches("o-[a-z0-9]{10}");
    assertThat(org.arn()).isEqualTo("arn:aws:organizations::111122223333:organization/" + org.id());
    assertThat(orgs.accounts(Optional.empty(), 10).items())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo(MANAGEMENT);
              assertThat(a.joinedMethod()).isEqualTo(OrganizationAccount.JoinedMethod.INVITED);
            });
    assertThat(orgs.membership(MANAGEMENT)).isEqualTo(Membership.MANAGEMENT);
  }

  @Test
  void anAccountOutsideTheOrganization_isNotAMember_andNotFound() {
    AccountId outsider = new AccountId("999988887777");
    meta.accounts().ensure(outsider, NOW);

    assertThat(orgs.membership(outsider)).isEqualTo(Membership.NONE);
    assertThatThrownBy(() -> orgs.account(outsider))
        .hasMessage("You specified an account that doesn't exist.");
    assertThatThrownBy(() -> orgs.creation("car-nosuchrequest"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_SUCH_ENTITY));
  }

  @Test
  void rootKeys_issueANewKeyWhoseSecretIsStoredOnlyEncrypted() {
    AccountId id =
        orgs.createAccount(NewAccount.of("k@example.com", "k")).accountId().orElseThrow();

    IamService.NewKey key = new RootKeys(meta, cipher, CLOCK).issue(id);

    var stored = meta.accessKeys().find(key.key().accessKeyId()).orElseThrow();
    assertThat(stored.principal()).isEqualTo("root");
    assertThat(stored.account()).isEqualTo(id);
    assertThat(new String(stored.secretCiphertext(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(key.secret());
    assertThat(cipher.decrypt(stored.secretCiphertext())).isEqualTo(key.secret());
    assertThatThrownBy(() -> new RootKeys(meta, cipher, CLOCK).issue(new AccountId("000011112222")))
        .isInstanceOf(RegistryException.class);
  }
}
