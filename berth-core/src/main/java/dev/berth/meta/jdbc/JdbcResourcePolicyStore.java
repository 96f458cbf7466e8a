package dev.berth.meta.jdbc;

import dev.berth.meta.ResourcePolicyStore;
import dev.berth.model.AccountId;
import java.util.Optional;

final class JdbcResourcePolicyStore implements ResourcePolicyStore {
  private final JdbcDatabase db;

  JdbcResourcePolicyStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<String> repositoryPolicy(String repositoryId) {
    return db.read(
        h ->
            h.createQuery("SELECT document FROM repository_policies WHERE repository_id = :id")
                .bind("id", repositoryId)
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void setRepositoryPolicy(String repositoryId, String document) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO repository_policies (repository_id, document) VALUES (:id, :d)"
                        + " ON CONFLICT (repository_id) DO UPDATE SET document = excluded.document")
                .bind("id", repositoryId)
                .bind("d", document)
                .execute());
  }

  @Override
  public boolean deleteRepositoryPolicy(String repositoryId) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM repository_policies WHERE repository_id = :id")
                    .bind("id", repositoryId)
                    .execute())
        == 1;
  }

  @Override
  public Optional<String> registryPolicy(AccountId account) {
    return db.read(
        h ->
            h.createQuery("SELECT document FROM registry_policies WHERE account_id = :a")
                .bind("a", account.value())
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void setRegistryPolicy(AccountId account, String document) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO registry_policies (account_id, document) VALUES (:a, :d)"
                        + " ON CONFLICT (account_id) DO UPDATE SET document = excluded.document")
                .bind("a", account.value())
                .bind("d", document)
                .execute());
  }

  @Override
  public boolean deleteRegistryPolicy(AccountId account) {
    return db.write(
            h ->
                h.createUpdate("DELETE FROM registry_policies WHERE account_id = :a")
                    .bind("a", account.value())
                    .execute())
        == 1;
  }
}
