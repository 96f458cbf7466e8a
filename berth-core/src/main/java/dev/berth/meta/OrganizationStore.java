package dev.berth.meta;

import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.util.Optional;
import java.util.Set;

/** Organizations, their member accounts and their create-account requests. */
public interface OrganizationStore {
  /**
   * Stores {@code org} with {@code management} as its first member unless its management account
   * already has an organization; returns the one stored (idempotent: nodes starting together agree
   * on one). The management account must exist in {@link AccountStore}.
   */
  Organization ensure(Organization org, OrganizationAccount management);

  /** The organization with that id; empty when there is none. */
  Optional<Organization> find(String organizationId);

  /** The member account with that id; empty when the account is in no organization. */
  Optional<OrganizationAccount> account(AccountId account);

  /**
   * Adds a member (the account must exist in {@link AccountStore}); false, adding nothing, when the
   * account is already a member or another member has the same email (compared ignoring case).
   */
  boolean addAccount(OrganizationAccount account);

  /** Whether a member of any organization has that email (ignoring case). */
  boolean emailInUse(String email);

  /** Up to {@code limit} members of the organization after {@code after}, in account id order. */
  Page<OrganizationAccount> accounts(String organizationId, Optional<String> after, int limit);

  /** Records a create-account request; its id must be new. */
  void addCreation(AccountCreation creation);

  /** The create-account request with that id; empty when there is none. */
  Optional<AccountCreation> creation(String id);

  /**
   * Up to {@code limit} create-account requests of the organization in a state of {@code states}
   * (every state when empty) after the request id {@code after}, in id order.
   */
  Page<AccountCreation> creations(
      String organizationId, Set<AccountCreation.State> states, Optional<String> after, int limit);
}
