package dev.berth.meta.jdbc;

import dev.berth.meta.IamEntity;
import dev.berth.meta.IamPolicyStore;
import dev.berth.meta.ManagedPolicy;
import dev.berth.meta.PolicyVersion;
import dev.berth.model.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbcIamPolicyStore implements IamPolicyStore {
  private final JdbcDatabase db;

  JdbcIamPolicyStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean createPolicy(ManagedPolicy p, String document) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  int n =
                      h.createUpdate(
                              "INSERT INTO iam_policies (arn, account_id, name, policy_id, path,"
                                  + " description, default_version, next_version, created_at,"
                                  + " updated_at) VALUES (:arn, :a, :name, :id, :path, :d, 'v1', 2,"
                                  + " :at, :at) ON CONFLICT (arn) DO NOTHING")
                          .bind("arn", p.arn())
                          .bind("a", p.account().value())
                          .bind("name", p.name())
                          .bind("id", p.policyId())
                          .bind("path", p.path())
                          .bind("d", p.description())
                          .bind("at", p.createdAt().toEpochMilli())
                          .execute();
                  if (n == 0) {
                    return false;
                  }
                  h.createUpdate(
                          "INSERT INTO iam_policy_versions (policy_arn, version_id, document,"
                              + " created_at) VALUES (:arn, 'v1', :doc, :at)")
                      .bind("arn", p.arn())
                      .bind("doc", document)
                      .bind("at", p.createdAt().toEpochMilli())
                      .execute();
                  return true;
                }));
  }

  @Override
  public Optional<ManagedPolicy> findPolicy(String arn) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM iam_policies WHERE arn = :arn")
                .bind("arn", arn)
                .map((rs, ctx) -> policy(rs))
                .findOne());
  }

  @Override
  public List<ManagedPolicy> listPolicies(AccountId account) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM iam_policies WHERE account_id = :a ORDER BY name")
                .bind("a", account.value())
                .map((rs, ctx) -> policy(rs))
                .list());
  }

  @Override
  public boolean deletePolicy(String arn) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  h.createUpdate("DELETE FROM iam_policy_versions WHERE policy_arn = :arn")
                      .bind("arn", arn)
                      .execute();
                  return h.createUpdate("DELETE FROM iam_policies WHERE arn = :arn")
                          .bind("arn", arn)
                          .execute()
                      == 1;
                }));
  }

  @Override
  public String addVersion(String arn, String document, boolean setAsDefault, Instant now) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  int next =
                      h.createQuery("SELECT next_version FROM iam_policies WHERE arn = :arn")
                          .bind("arn", arn)
                          .mapTo(Integer.class)
                          .one();
                  String id = "v" + next;
                  h.createUpdate(
                          "INSERT INTO iam_policy_versions (policy_arn, version_id, document,"
                              + " created_at) VALUES (:arn, :v, :doc, :at)")
                      .bind("arn", arn)
                      .bind("v", id)
                      .bind("doc", document)
                      .bind("at", now.toEpochMilli())
                      .execute();
                  h.createUpdate(
                          "UPDATE iam_policies SET next_version = next_version + 1, updated_at = :at"
                              + (setAsDefault ? ", default_version = :v" : "")
                              + " WHERE arn = :arn")
                      .bind("at", now.toEpochMilli())
                      .bind("v", id)
                      .bind("arn", arn)
                      .execute();
                  return id;
                }));
  }

  @Override
  public Optional<PolicyVersion> version(String arn, String versionId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM iam_policy_versions WHERE policy_arn = :arn AND version_id = :v")
                .bind("arn", arn)
                .bind("v", versionId)
                .map((rs, ctx) -> version(rs))
                .findOne());
  }

  @Override
  public List<PolicyVersion> versions(String arn) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM iam_policy_versions WHERE policy_arn = :arn ORDER BY created_at")
                .bind("arn", arn)
                .map((rs, ctx) -> version(rs))
                .list());
  }

  @Override
  public void attach(AccountId account, IamEntity.Type type, String name, String policyArn) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO iam_attachments (account_id, principal_type, principal_key,"
                        + " policy_arn) VALUES (:a, :t, :k, :p) ON CONFLICT (account_id,"
                        + " principal_type, principal_key, policy_arn) DO NOTHING")
                .bind("a", account.value())
                .bind("t", type.name())
                .bind("k", JdbcIamStore.key(name))
                .bind("p", policyArn)
                .execute());
  }

  @Override
  public boolean detach(AccountId account, IamEntity.Type type, String name, String policyArn) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM iam_attachments WHERE account_id = :a AND principal_type = :t"
                            + " AND principal_key = :k AND policy_arn = :p")
                    .bind("a", account.value())
                    .bind("t", type.name())
                    .bind("k", JdbcIamStore.key(name))
                    .bind("p", policyArn)
                    .execute())
        == 1;
  }

  @Override
  public List<String> attached(AccountId account, IamEntity.Type type, String name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT policy_arn FROM iam_attachments WHERE account_id = :a AND"
                        + " principal_type = :t AND principal_key = :k ORDER BY policy_arn")
                .bind("a", account.value())
                .bind("t", type.name())
                .bind("k", JdbcIamStore.key(name))
                .mapTo(String.class)
                .list());
  }

  @Override
  public List<String> attachedTo(AccountId account, IamEntity.Type type, String policyArn) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT principal_key FROM iam_attachments WHERE account_id = :a AND"
                        + " principal_type = :t AND policy_arn = :p ORDER BY principal_key")
                .bind("a", account.value())
                .bind("t", type.name())
                .bind("p", policyArn)
                .mapTo(String.class)
                .list());
  }

  @Override
  public int attachmentCount(String policyArn) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM iam_attachments WHERE policy_arn = :p")
                .bind("p", policyArn)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public void putInline(
      AccountId account, IamEntity.Type type, String name, String policyName, String document) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO iam_inline_policies (account_id, principal_type, principal_key,"
                        + " policy_name, document) VALUES (:a, :t, :k, :n, :d) ON CONFLICT"
                        + " (account_id, principal_type, principal_key, policy_name) DO UPDATE SET"
                        + " document = excluded.document")
                .bind("a", account.value())
                .bind("t", type.name())
                .bind("k", JdbcIamStore.key(name))
                .bind("n", policyName)
                .bind("d", document)
                .execute());
  }

  @Override
  public Optional<String> inline(
      AccountId account, IamEntity.Type type, String name, String policyName) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT document FROM iam_inline_policies WHERE account_id = :a AND"
                        + " principal_type = :t AND principal_key = :k AND policy_name = :n")
                .bind("a", account.value())
                .bind("t", type.name())
                .bind("k", JdbcIamStore.key(name))
                .bind("n", policyName)
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public boolean deleteInline(
      AccountId account, IamEntity.Type type, String name, String policyName) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM iam_inline_policies WHERE account_id = :a AND principal_type ="
                            + " :t AND principal_key = :k AND policy_name = :n")
                    .bind("a", account.value())
                    .bind("t", type.name())
                    .bind("k", JdbcIamStore.key(name))
                    .bind("n", policyName)
                    .execute())
        == 1;
  }

  @Override
  public Map<String, String> inlines(AccountId account, IamEntity.Type type, String name) {
    Map<String, String> out = new LinkedHashMap<>();
    db.read(
        h ->
            h.createQuery(
                    "SELECT policy_name, document FROM iam_inline_policies WHERE account_id = :a"
                        + " AND principal_type = :t AND principal_key = :k ORDER BY policy_name")
                .bind("a", account.value())
                .bind("t", type.name())
                .bind("k", JdbcIamStore.key(name))
                .map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2)))
                .list());
    return out;
  }

  @Override
  public void removeAll(AccountId account, IamEntity.Type type, String name) {
    db.inTransaction(
        () ->
            db.write(
                h -> {
                  for (String table : List.of("iam_attachments", "iam_inline_policies")) {
                    h.createUpdate(
                            "DELETE FROM "
                                + table
                                + " WHERE account_id = :a AND principal_type = :t AND principal_key = :k")
                        .bind("a", account.value())
                        .bind("t", type.name())
                        .bind("k", JdbcIamStore.key(name))
                        .execute();
                  }
                  return null;
                }));
  }

  private static ManagedPolicy policy(ResultSet rs) throws SQLException {
    return new ManagedPolicy(
        rs.getString("arn"),
        new AccountId(rs.getString("account_id")),
        rs.getString("name"),
        rs.getString("policy_id"),
        rs.getString("path"),
        rs.getString("description"),
        rs.getString("default_version"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static PolicyVersion version(ResultSet rs) throws SQLException {
    return new PolicyVersion(
        rs.getString("policy_arn"),
        rs.getString("version_id"),
        rs.getString("document"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
