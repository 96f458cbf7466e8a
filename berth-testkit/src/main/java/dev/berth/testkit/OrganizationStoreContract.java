package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.AccountCreation;
import dev.berth.meta.Organization;
import dev.berth.meta.OrganizationAccount;
import dev.berth.meta.OrganizationStore;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend of {@link OrganizationStore} promises; a backend test supplies a store. */
public abstract class OrganizationStoreContract extends MetadataFixture {
  private static final AccountId MEMBER = new AccountId("210987654321");

  private OrganizationStore s;
  private Organization org;

  @BeforeEach
  void createOrganization() {
    s = meta.organizations();
    org = s.ensure(new Organization("o-abcdefghij", ACCOUNT, NOW), member(ACCOUNT, "a@b.example"));
  }

  private OrganizationAccount member(AccountId id, String email) {
    return new OrganizationAccount(
        id,
        "o-abcdefghij",
        "n-" + id.value(),
        email,
        OrganizationAccount.Status.ACTIVE,
        OrganizationAccount.JoinedMethod.CREATED,
        NOW);
  }

  private AccountCreation creation(String id, AccountCreation.State state) {
    return new AccountCreation(
        id,
        org.id(),
        "name " + id,
        state,
        NOW,
        state == AccountCreation.State.IN_PROGRESS ? Optional.empty() : Optional.of(NOW),
        state == AccountCreation.State.SUCCEEDED ? Optional.of(MEMBER) : Optional.empty(),
        state == AccountCreation.State.FAILED
            ? Optional.of("EMAIL_ALREADY_EXISTS")
            : Optional.empty());
  }

  @Test
  void ensure_isIdempotent_keepsTheFirstOrganizationAndItsManagementMember() {
    Organization again =
        s.ensure(
            new Organization("o-zzzzzzzzzz", ACCOUNT, NOW.plusSeconds(1)),
            member(ACCOUNT, "x@y.example"));

    assertThat(again).isEqualTo(org);
    assertThat(s.find("o-abcdefghij")).contains(org);
    assertThat(s.find("o-zzzzzzzzzz")).isEmpty();
    assertThat(s.account(ACCOUNT)).contains(member(ACCOUNT, "a@b.example"));
    assertThat(org.accountArn(MEMBER))
        .isEqualTo("arn:aws:organizations::123456789012:account/o-abcdefghij/210987654321");
  }

  @Test
  void addAccount_refusesASecondMembershipAndAnEmailInUseIgnoringCase() {
    meta.accounts().ensure(MEMBER, NOW);
    AccountId third = new AccountId("333333333333");
    meta.accounts().ensure(third, NOW);

    assertThat(s.addAccount(member(MEMBER, "m@b.example"))).isTrue();
    assertThat(s.addAccount(member(MEMBER, "other@b.example"))).isFalse();
    assertThat(s.addAccount(member(third, "M@B.example"))).isFalse();

    assertThat(s.emailInUse("m@B.EXAMPLE")).isTrue();
    assertThat(s.emailInUse("nobody@b.example")).isFalse();
    assertThat(s.account(MEMBER)).contains(member(MEMBER, "m@b.example"));
    assertThat(s.account(third)).isEmpty();
  }

  @Test
  void accounts_pageInIdOrder() {
    meta.accounts().ensure(MEMBER, NOW);
    s.addAccount(member(MEMBER, "m@b.example"));

    Page<OrganizationAccount> first = s.accounts(org.id(), Optional.empty(), 1);
    Page<OrganizationAccount> second = s.accounts(org.id(), first.next(), 1);

    assertThat(first.items()).extracting(OrganizationAccount::id).containsExactly(ACCOUNT);
    assertThat(second.items()).extracting(OrganizationAccount::id).containsExactly(MEMBER);
    assertThat(second.next()).isEmpty();
    assertThat(s.accounts("o-nosuchorgx", Optional.empty(), 10).items()).isEmpty();
  }

  @Test
  void creations_roundTripWithOptionalFields_andFilterByState() {
    AccountCreation ok = creation("car-a", AccountCreation.State.SUCCEEDED);
    AccountCreation failed = creation("car-b", AccountCreation.State.FAILED);
    AccountCreation running = creation("car-c", AccountCreation.State.IN_PROGRESS);
    s.addCreation(ok);
    s.addCreation(failed);
    s.addCreation(running);

    assertThat(s.creation("car-a")).contains(ok);
    assertThat(s.creation("car-b")).contains(failed);
    assertThat(s.creation("car-c")).contains(running);
    assertThat(s.creation("car-x")).isEmpty();
    assertThat(s.creations(org.id(), Set.of(), Optional.empty(), 10).items())
        .containsExactly(ok, failed, running);
    Page<AccountCreation> page =
        s.creations(
            org.id(),
            Set.of(AccountCreation.State.FAILED, AccountCreation.State.IN_PROGRESS),
            Optional.empty(),
            1);
    assertThat(page.items()).containsExactly(failed);
    assertThat(
            s.creations(
                    org.id(),
                    Set.of(AccountCreation.State.FAILED, AccountCreation.State.IN_PROGRESS),
                    page.next(),
                    1)
                .items())
        .containsExactly(running);
  }
}
