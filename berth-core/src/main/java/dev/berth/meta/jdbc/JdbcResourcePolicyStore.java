package dev.berth.meta.jdbc;

import dev.berth.meta.ResourcePolicyStore;
import dev.berth.model.RegistryId;
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
  public Optional<String> registryPolicy(RegistryId registry) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT document FROM registry_policies WHERE account_id = :a AND region = :r")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void setRegistryPolicy(RegistryId registry, String document) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO registry_policies (account_id, region, document) VALUES (:a, :r, :d)"
                        + " ON CONFLICT (account_id, region) DO UPDATE SET document ="
                        + " excluded.document")
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .bind("d", document)
                .execute());
  }

  @Override
  public boolean deleteRegistryPolicy(RegistryId registry) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM registry_policies WHERE account_id = :a AND region = :r")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .execute())
        == 1;
  }
}
