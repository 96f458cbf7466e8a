package dev.berth.meta.jdbc;

import dev.berth.meta.SecretStore;
import dev.berth.meta.SecretVersion;
import dev.berth.meta.StoredSecret;
import dev.berth.model.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

/** Secrets, their versions and staging labels over the V14 tables. */
final class JdbcSecretStore implements SecretStore {
  private final JdbcDatabase db;

  JdbcSecretStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean create(StoredSecret s) {
    return db.write(
            h ->
                bindColumns(
                        h.createUpdate(
                            "INSERT INTO secrets (arn, account_id, region, name, description,"
                                + " kms_key_id, created_at, changed_at, deletion_date) VALUES"
                                + " (:arn, :account, :region, :name, :description, :kms,"
                                + " :created, :changed, :deletion) ON CONFLICT DO NOTHING"),
                        s)
                    .bind("account", s.account().value())
                    .bind("region", s.region())
                    .bind("name", s.name())
                    .bind("created", s.createdAt().toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public Optional<StoredSecret> find(AccountId account, String region, String name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM secrets WHERE account_id = :account AND region = :region AND"
                        + " name = :name")
                .bind("account", account.value())
                .bind("region", region)
                .bind("name", name)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Optional<StoredSecret> findByArn(String arn) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM secrets WHERE arn = :arn")
                .bind("arn", arn)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public List<StoredSecret> list(AccountId account, String region) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM secrets WHERE account_id = :account AND region = :region"
                        + " ORDER BY created_at, name")
                .bind("account", account.value())
                .bind("region", region)
                .map((rs, ctx) -> map(rs))
                .list());
  }

  @Override
  public boolean update(StoredSecret s) {
    return db.write(
            h ->
                bindColumns(
                        h.createUpdate(
                            "UPDATE secrets SET description = :description, kms_key_id = :kms,"
                                + " changed_at = :changed, deletion_date = :deletion WHERE arn ="
                                + " :arn"),
                        s)
                    .execute())
        == 1;
  }

  /** Binds what both create and update write. */
  private static Update bindColumns(Update u, StoredSecret s) {
    return u.bind("arn", s.arn())
        .bind("description", s.description().orElse(null))
        .bind("kms", s.kmsKeyId().orElse(null))
        .bind("changed", s.changedAt().toEpochMilli())
        .bind("deletion", s.deletionDate().map(Instant::toEpochMilli).orElse(null));
  }

  @Override
  public boolean delete(String arn) {
    return db.write(
        h -> {
          for (String table : List.of("secret_version_stages", "secret_versions")) {
            h.createUpdate("DELETE FROM " + table + " WHERE secret_arn = :arn")
                .bind("arn", arn)
                .execute();
          }
          return h.createUpdate("DELETE FROM secrets WHERE arn = :arn").bind("arn", arn).execute()
              == 1;
        });
  }

  @Override
  public boolean addVersion(String arn, SecretVersion v) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO secret_versions (secret_arn, version_id, is_binary,"
                            + " value_ciphertext, created_at) VALUES (:arn, :id, :binary, :value,"
                            + " :at) ON CONFLICT DO NOTHING")
                    .bind("arn", arn)
                    .bind("id", v.versionId())
                    .bind("binary", v.binary() ? 1 : 0)
                    .bind("value", v.ciphertext())
                    .bind("at", v.createdAt().toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public List<SecretVersion> versions(String arn) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT version_id, is_binary, value_ciphertext, created_at FROM"
                        + " secret_versions WHERE secret_arn = :arn ORDER BY created_at,"
                        + " version_id")
                .bind("arn", arn)
                .map((rs, ctx) -> version(rs))
                .list());
  }

  @Override
  public boolean deleteVersion(String arn, String versionId) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM secret_versions WHERE secret_arn = :arn AND version_id = :id")
                    .bind("arn", arn)
                    .bind("id", versionId)
                    .execute())
        == 1;
  }

  @Override
  public Optional<SecretVersion> version(String arn, String versionId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT version_id, is_binary, value_ciphertext, created_at FROM"
                        + " secret_versions WHERE secret_arn = :arn AND version_id = :id")
                .bind("arn", arn)
                .bind("id", versionId)
                .map((rs, ctx) -> version(rs))
                .findOne());
  }

  private static SecretVersion version(ResultSet rs) throws SQLException {
    return new SecretVersion(
        rs.getString(1), rs.getInt(2) != 0, rs.getBytes(3), Instant.ofEpochMilli(rs.getLong(4)));
  }

  @Override
  public Map<String, String> stages(String arn) {
    Map<String, String> out = new LinkedHashMap<>();
    db.read(
        h ->
            h.createQuery(
                    "SELECT stage, version_id FROM secret_version_stages WHERE secret_arn = :arn"
                        + " ORDER BY stage")
                .bind("arn", arn)
                .map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2)))
                .list());
    return out;
  }

  @Override
  public void setStages(String arn, Map<String, String> stages) {
    db.write(
        h -> {
          h.createUpdate("DELETE FROM secret_version_stages WHERE secret_arn = :arn")
              .bind("arn", arn)
              .execute();
          stages.forEach(
              (stage, version) ->
                  h.createUpdate(
                          "INSERT INTO secret_version_stages (secret_arn, stage, version_id)"
                              + " VALUES (:arn, :stage, :version)")
                      .bind("arn", arn)
                      .bind("stage", stage)
                      .bind("version", version)
                      .execute());
          return null;
        });
  }

  private static StoredSecret map(ResultSet rs) throws SQLException {
    long deletion = rs.getLong("deletion_date");
    Optional<Instant> deletionDate =
        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(deletion));
    return new StoredSecret(
        rs.getString("arn"),
        new AccountId(rs.getString("account_id")),
        rs.getString("region"),
        rs.getString("name"),
        Optional.ofNullable(rs.getString("description")),
        Optional.ofNullable(rs.getString("kms_key_id")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("changed_at")),
        deletionDate);
  }
}
