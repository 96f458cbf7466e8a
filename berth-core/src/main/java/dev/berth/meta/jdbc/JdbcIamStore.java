package dev.berth.meta.jdbc;

import dev.berth.meta.IamEntity;
import dev.berth.meta.IamStore;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

final class JdbcIamStore implements IamStore {
  private final JdbcDatabase db;

  JdbcIamStore(JdbcDatabase db) {
    this.db = db;
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String table(IamEntity.Type type) {
    return switch (type) {
      case USER -> "iam_users";
      case GROUP -> "iam_groups";
      case ROLE -> "iam_roles";
    };
  }

  private static String idColumn(IamEntity.Type type) {
    return switch (type) {
      case USER -> "user_id";
      case GROUP -> "group_id";
      case ROLE -> "role_id";
    };
  }

  @Override
  public boolean create(IamEntity e) {
    String extraColumns =
        e.type() == IamEntity.Type.ROLE
            ? ", assume_role_policy, description, max_session_duration"
            : "";
    String extraValues =
        e.type() == IamEntity.Type.ROLE ? ", :trust, :description, :maxSession" : "";
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO "
                            + table(e.type())
                            + " (account_id, name, name_key, "
                            + idColumn(e.type())
                            + ", path, created_at"
                            + extraColumns
                            + ") VALUES (:account, :name, :key, :id, :path, :at"
                            + extraValues
                            + ") ON CONFLICT (account_id, name_key) DO NOTHING")
                    .bind("account", e.account().value())
                    .bind("name", e.name())
                    .bind("key", key(e.name()))
                    .bind("id", e.id())
                    .bind("path", e.path())
                    .bind("at", e.createdAt().toEpochMilli())
                    .bind("trust", e.trustPolicy())
                    .bind("description", e.description())
                    .bind("maxSession", e.maxSessionSeconds())
                    .execute())
        == 1;
  }

  @Override
  public Optional<IamEntity> find(IamEntity.Type type, AccountId account, String name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM " + table(type) + " WHERE account_id = :a AND name_key = :k")
                .bind("a", account.value())
                .bind("k", key(name))
                .map((rs, ctx) -> map(type, rs))
                .findOne());
  }

  @Override
  public Page<IamEntity> list(
      IamEntity.Type type,
      AccountId account,
      String pathPrefix,
      Optional<String> after,
      int limit) {
    List<IamEntity> rows =
        db.read(
            h ->
                h.createQuery(
                        "SELECT * FROM "
                            + table(type)
                            + " WHERE account_id = :a AND name_key > :after AND path LIKE :prefix"
                            + " ESCAPE '!' ORDER BY name_key LIMIT :limit")
                    .bind("a", account.value())
                    .bind("after", after.map(JdbcIamStore::key).orElse(""))
                    .bind(
                        "prefix",
                        pathPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> map(type, rs))
                    .list());
    return Paging.page(rows, limit, IamEntity::name);
  }

  @Override
  public boolean delete(IamEntity.Type type, AccountId account, String name) {
    return db.inTransaction(
        () ->
            db.write(
                h -> {
                  if (type != IamEntity.Type.ROLE) {
                    h.createUpdate(
                            "DELETE FROM iam_group_members WHERE account_id = :a AND "
                                + (type == IamEntity.Type.USER ? "user_key" : "group_key")
                                + " = :k")
                        .bind("a", account.value())
                        .bind("k", key(name))
                        .execute();
                  }
                  return h.createUpdate(
                              "DELETE FROM "
                                  + table(type)
                                  + " WHERE account_id = :a AND name_key = :k")
                          .bind("a", account.value())
                          .bind("k", key(name))
                          .execute()
                      == 1;
                }));
  }

  @Override
  public void updateTrustPolicy(AccountId account, String roleName, String document) {
    db.write(
        h ->
            h.createUpdate(
                    "UPDATE iam_roles SET assume_role_policy = :d WHERE account_id = :a AND name_key = :k")
                .bind("d", document)
                .bind("a", account.value())
                .bind("k", key(roleName))
                .execute());
  }

  @Override
  public void addMember(AccountId account, String group, String user) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO iam_group_members (account_id, group_key, user_key) VALUES (:a, :g, :u)"
                        + " ON CONFLICT (account_id, group_key, user_key) DO NOTHING")
                .bind("a", account.value())
                .bind("g", key(group))
                .bind("u", key(user))
                .execute());
  }

  @Override
  public boolean removeMember(AccountId account, String group, String user) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM iam_group_members WHERE account_id = :a AND group_key = :g"
                            + " AND user_key = :u")
                    .bind("a", account.value())
                    .bind("g", key(group))
                    .bind("u", key(user))
                    .execute())
        == 1;
  }

  @Override
  public List<IamEntity> groupsOf(AccountId account, String user) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT g.* FROM iam_groups g JOIN iam_group_members m ON m.account_id ="
                        + " g.account_id AND m.group_key = g.name_key WHERE g.account_id = :a AND"
                        + " m.user_key = :u ORDER BY g.name_key")
                .bind("a", account.value())
                .bind("u", key(user))
                .map((rs, ctx) -> map(IamEntity.Type.GROUP, rs))
                .list());
  }

  @Override
  public List<IamEntity> membersOf(AccountId account, String group) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT u.* FROM iam_users u JOIN iam_group_members m ON m.account_id ="
                        + " u.account_id AND m.user_key = u.name_key WHERE u.account_id = :a AND"
                        + " m.group_key = :g ORDER BY u.name_key")
                .bind("a", account.value())
                .bind("g", key(group))
                .map((rs, ctx) -> map(IamEntity.Type.USER, rs))
                .list());
  }

  private static IamEntity map(IamEntity.Type type, ResultSet rs) throws SQLException {
    boolean role = type == IamEntity.Type.ROLE;
    return new IamEntity(
        type,
        new AccountId(rs.getString("account_id")),
        rs.getString("name"),
        rs.getString(idColumn(type)),
        rs.getString("path"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        role ? rs.getString("assume_role_policy") : "",
        role ? rs.getString("description") : "",
        role ? rs.getInt("max_session_duration") : 0);
  }
}
