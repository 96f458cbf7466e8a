package dev.berth.meta.jdbc;

import dev.berth.meta.AccountCreation;
import dev.berth.meta.Organization;
import dev.berth.meta.OrganizationAccount;
import dev.berth.meta.OrganizationStore;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Organizations in {@code organizations}, {@code organization_accounts} and statuses (V15). */
final class JdbcOrganizationStore implements OrganizationStore {
  private final JdbcDatabase db;

  JdbcOrganizationStore(JdbcDatabase db) {
    this.db = db;
  }

  private static String emailKey(String email) {
    return email.toLowerCase(Locale.ROOT);
  }

  @Override
  public Organization ensure(Organization org, OrganizationAccount management) {
    return db.inTransaction(
        () -> {
          db.write(
              h ->
                  h.createUpdate(
                          "INSERT INTO organizations (id, management_account_id, created_at)"
                              + " VALUES (:id, :m, :at) ON CONFLICT (management_account_id) DO"
                              + " NOTHING")
                      .bind("id", org.id())
                      .bind("m", org.management().value())
                      .bind("at", org.createdAt().toEpochMilli())
                      .execute());
          Organization stored =
              db.read(
                  h ->
                      h.createQuery("SELECT * FROM organizations WHERE management_account_id = :m")
                          .bind("m", org.management().value())
                          .map((rs, ctx) -> organization(rs))
                          .one());
          if (account(management.id()).isEmpty()) {
            addAccount(
                new OrganizationAccount(
                    management.id(),
                    stored.id(),
                    management.name(),
                    management.email(),
                    management.status(),
                    management.joinedMethod(),
                    management.joinedAt()));
          }
          return stored;
        });
  }

  @Override
  public Optional<Organization> find(String organizationId) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM organizations WHERE id = :id")
                .bind("id", organizationId)
                .map((rs, ctx) -> organization(rs))
                .findOne());
  }

  @Override
  public Optional<OrganizationAccount> account(AccountId account) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM organization_accounts WHERE account_id = :id")
                .bind("id", account.value())
                .map((rs, ctx) -> member(rs))
                .findOne());
  }

  @Override
  public boolean addAccount(OrganizationAccount a) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO organization_accounts (account_id, organization_id, name,"
                            + " email, email_key, status, joined_method, joined_at) VALUES (:id,"
                            + " :org, :name, :email, :key, :status, :joined, :at) ON CONFLICT DO"
                            + " NOTHING")
                    .bind("id", a.id().value())
                    .bind("org", a.organizationId())
                    .bind("name", a.name())
                    .bind("email", a.email())
                    .bind("key", emailKey(a.email()))
                    .bind("status", a.status().name())
                    .bind("joined", a.joinedMethod().name())
                    .bind("at", a.joinedAt().toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public boolean emailInUse(String email) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM organization_accounts WHERE email_key = :key")
                    .bind("key", emailKey(email))
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  @Override
  public Page<OrganizationAccount> accounts(
      String organizationId, Optional<String> after, int limit) {
    List<OrganizationAccount> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT * FROM organization_accounts WHERE organization_id = :org AND"
                            + " account_id > :after ORDER BY account_id LIMIT :limit")
                    .bind("org", organizationId)
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> member(rs))
                    .list());
    return Paging.page(rows, limit, a -> a.id().value());
  }

  @Override
  public void addCreation(AccountCreation c) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO create_account_statuses (id, organization_id, account_name, state,"
                        + " requested_at, completed_at, account_id, failure_reason) VALUES (:id,"
                        + " :org, :name, :state, :requested, :completed, :account, :reason)")
                .bind("id", c.id())
                .bind("org", c.organizationId())
                .bind("name", c.accountName())
                .bind("state", c.state().name())
                .bind("requested", c.requestedAt().toEpochMilli())
                .bind("completed", c.completedAt().map(Instant::toEpochMilli).orElse(null))
                .bind("account", c.accountId().map(AccountId::value).orElse(null))
                .bind("reason", c.failureReason().orElse(null))
                .execute());
  }

  @Override
  public Optional<AccountCreation> creation(String id) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM create_account_statuses WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> creation(rs))
                .findOne());
  }

  @Override
  public Page<AccountCreation> creations(
      String organizationId, Set<AccountCreation.State> states, Optional<String> after, int limit) {
    String inStates =
        states.isEmpty()
            ? ""
            : " AND state IN ("
                + states.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "))
                + ")";
    List<AccountCreation> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT * FROM create_account_statuses WHERE organization_id = :org AND id"
                            + " > :after"
                            + inStates
                            + " ORDER BY id LIMIT :limit")
                    .bind("org", organizationId)
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> creation(rs))
                    .list());
    return Paging.page(rows, limit, AccountCreation::id);
  }

  private static Organization organization(ResultSet rs) throws SQLException {
    return new Organization(
        rs.getString("id"),
        new AccountId(rs.getString("management_account_id")),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  private static OrganizationAccount member(ResultSet rs) throws SQLException {
    return new OrganizationAccount(
        new AccountId(rs.getString("account_id")),
        rs.getString("organization_id"),
        rs.getString("name"),
        rs.getString("email"),
        OrganizationAccount.Status.valueOf(rs.getString("status")),
        OrganizationAccount.JoinedMethod.valueOf(rs.getString("joined_method")),
        Instant.ofEpochMilli(rs.getLong("joined_at")));
  }

  private static AccountCreation creation(ResultSet rs) throws SQLException {
    long completed = rs.getLong("completed_at");
    Optional<Instant> completedAt =
        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(completed));
    return new AccountCreation(
        rs.getString("id"),
        rs.getString("organization_id"),
        rs.getString("account_name"),
        AccountCreation.State.valueOf(rs.getString("state")),
        Instant.ofEpochMilli(rs.getLong("requested_at")),
        completedAt,
        Optional.ofNullable(rs.getString("account_id")).map(AccountId::new),
        Optional.ofNullable(rs.getString("failure_reason")));
  }
}
