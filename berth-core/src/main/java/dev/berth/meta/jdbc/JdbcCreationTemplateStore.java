package dev.berth.meta.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.common.Json;
import dev.berth.meta.CreationTemplateStore;
import dev.berth.model.AppliedFor;
import dev.berth.model.CreationTemplate;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositorySettings;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Repository creation templates over the V16 table. */
final class JdbcCreationTemplateStore implements CreationTemplateStore {
  private static final String COLUMNS =
      "prefix, description, applied_for, tag_mutability, tag_mutability_exclusions,"
          + " encryption_type, kms_key, resource_tags, repository_policy, lifecycle_policy,"
          + " custom_role_arn, created_at, updated_at";
  private static final String OF_REGISTRY = " WHERE account_id = :a AND region = :r";

  private final JdbcDatabase db;

  JdbcCreationTemplateStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean create(RegistryId registry, CreationTemplate t) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO repository_creation_templates (account_id, region, "
                            + COLUMNS
                            + ") VALUES (:a, :r, :prefix, :description, :appliedFor, :mutability,"
                            + " :exclusions, :encryption, :kms, :tags, :repositoryPolicy,"
                            + " :lifecyclePolicy, :role, :createdAt, :updatedAt)"
                            + " ON CONFLICT (account_id, region, prefix) DO NOTHING")
                    .bindMap(columns(registry, t))
                    .execute())
        == 1;
  }

  @Override
  public boolean update(RegistryId registry, CreationTemplate t) {
    return db.write(
            h ->
                h.createUpdate(
                        "UPDATE repository_creation_templates SET description = :description,"
                            + " applied_for = :appliedFor, tag_mutability = :mutability,"
                            + " tag_mutability_exclusions = :exclusions, encryption_type ="
                            + " :encryption, kms_key = :kms, resource_tags = :tags,"
                            + " repository_policy = :repositoryPolicy, lifecycle_policy ="
                            + " :lifecyclePolicy, custom_role_arn = :role, created_at = :createdAt,"
                            + " updated_at = :updatedAt"
                            + OF_REGISTRY
                            + " AND prefix = :prefix")
                    .bindMap(columns(registry, t))
                    .execute())
        == 1;
  }

  @Override
  public boolean delete(RegistryId registry, String prefix) {
    return db.write(
            h ->
                h.createUpdate(
                        "DELETE FROM repository_creation_templates"
                            + OF_REGISTRY
                            + " AND prefix = :prefix")
                    .bind("a", registry.account().value())
                    .bind("r", registry.region())
                    .bind("prefix", prefix)
                    .execute())
        == 1;
  }

  @Override
  public Optional<CreationTemplate> find(RegistryId registry, String prefix) {
    return db.read(
        h ->
            select(h, registry, " AND prefix = :prefix")
                .bind("prefix", prefix)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  @Override
  public Page<CreationTemplate> list(RegistryId registry, Optional<String> after, int limit) {
    List<CreationTemplate> rows =
        db.read(
            h ->
                select(h, registry, " AND prefix > :after ORDER BY prefix LIMIT :limit")
                    .bind("after", after.orElse(""))
                    .bind("limit", limit + 1)
                    .map((rs, ctx) -> map(rs))
                    .list());
    return Paging.page(rows, limit, CreationTemplate::prefix);
  }

  @Override
  public List<CreationTemplate> all(RegistryId registry) {
    return db.read(h -> select(h, registry, " ORDER BY prefix").map((rs, ctx) -> map(rs)).list());
  }

  @Override
  public int count(RegistryId registry) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM repository_creation_templates" + OF_REGISTRY)
                .bind("a", registry.account().value())
                .bind("r", registry.region())
                .mapTo(Integer.class)
                .one());
  }

  private static Query select(Handle h, RegistryId registry, String rest) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM repository_creation_templates" + OF_REGISTRY + rest)
        .bind("a", registry.account().value())
        .bind("r", registry.region());
  }

  /** Every column of the template's row, the registry's included. */
  private static Map<String, Object> columns(RegistryId registry, CreationTemplate t) {
    Map<String, Object> m = new HashMap<>();
    m.put("a", registry.account().value());
    m.put("r", registry.region());
    m.put("prefix", t.prefix());
    m.put("description", t.description().orElse(null));
    m.put(
        "appliedFor",
        t.appliedFor().stream().map(AppliedFor::name).collect(Collectors.joining(",")));
    m.put("mutability", t.settings().tagMutability().name());
    m.put("exclusions", String.join("\n", t.settings().exclusionFilters()));
    m.put("encryption", t.settings().encryptionType());
    m.put("kms", t.settings().kmsKey().orElse(null));
    m.put("tags", new String(Json.write(t.resourceTags()), StandardCharsets.UTF_8));
    m.put("repositoryPolicy", t.repositoryPolicy().orElse(null));
    m.put("lifecyclePolicy", t.lifecyclePolicy().orElse(null));
    m.put("role", t.customRoleArn().orElse(null));
    m.put("createdAt", t.createdAt().toEpochMilli());
    m.put("updatedAt", t.updatedAt().toEpochMilli());
    return m;
  }

  private static CreationTemplate map(ResultSet rs) throws SQLException {
    String exclusions = rs.getString("tag_mutability_exclusions");
    return new CreationTemplate(
        rs.getString("prefix"),
        Optional.ofNullable(rs.getString("description")),
        Arrays.stream(rs.getString("applied_for").split(",")).map(AppliedFor::valueOf).toList(),
        new RepositorySettings(
            ImageTagMutability.valueOf(rs.getString("tag_mutability")),
            exclusions.isEmpty() ? List.of() : List.of(exclusions.split("\n")),
            false,
            rs.getString("encryption_type"),
            Optional.ofNullable(rs.getString("kms_key"))),
        tags(rs.getString("resource_tags")),
        Optional.ofNullable(rs.getString("repository_policy")),
        Optional.ofNullable(rs.getString("lifecycle_policy")),
        Optional.ofNullable(rs.getString("custom_role_arn")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static Map<String, String> tags(String json) {
    try {
      return Json.mapper().readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
