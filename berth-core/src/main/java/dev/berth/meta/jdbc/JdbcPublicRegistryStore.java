package dev.berth.meta.jdbc;

import dev.berth.meta.GalleryEntry;
import dev.berth.meta.PublicRegistry;
import dev.berth.meta.PublicRegistryStore;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Public registries and repository catalog data over the V19 tables. */
final class JdbcPublicRegistryStore implements PublicRegistryStore {
  private static final String REGISTRY_COLUMNS =
      "account_id, alias, alias_is_default, display_name, created_at";
  private static final String CATALOG_COLUMNS =
      "description, about_text, usage_text, architectures, operating_systems, logo_type, pulls,"
          + " updated_at";

  private final JdbcDatabase db;

  JdbcPublicRegistryStore(JdbcDatabase db) {
    this.db = db;
  }

  @Override
  public boolean create(PublicRegistry r) {
    return db.write(
            h ->
                h.createUpdate(
                        "INSERT INTO public_registries ("
                            + REGISTRY_COLUMNS
                            + ") VALUES (:a, :alias, :dflt, :name, :at) ON CONFLICT DO NOTHING")
                    .bind("a", r.account().value())
                    .bind("alias", r.alias())
                    .bind("dflt", r.aliasIsDefault() ? 1 : 0)
                    .bind("name", r.displayName())
                    .bind("at", r.createdAt().toEpochMilli())
                    .execute())
        == 1;
  }

  @Override
  public Optional<PublicRegistry> find(AccountId account) {
    return registry("account_id", account.value());
  }

  @Override
  public Optional<PublicRegistry> byAlias(String alias) {
    return registry("alias", alias);
  }

  private Optional<PublicRegistry> registry(String column, String value) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + REGISTRY_COLUMNS
                        + " FROM public_registries WHERE "
                        + column
                        + " = :v")
                .bind("v", value)
                .map((rs, ctx) -> registry(rs))
                .findOne());
  }

  private static PublicRegistry registry(ResultSet rs) throws SQLException {
    return new PublicRegistry(
        new AccountId(rs.getString("account_id")),
        rs.getString("alias"),
        rs.getInt("alias_is_default") != 0,
        rs.getString("display_name"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  @Override
  public boolean setAlias(AccountId account, String alias) {
    try {
      return db.write(
              h ->
                  h.createUpdate(
                          "UPDATE public_registries SET alias = :alias, alias_is_default = 0"
                              + " WHERE account_id = :a AND NOT EXISTS (SELECT 1 FROM"
                              + " public_registries o WHERE o.alias = :alias AND o.account_id <> :a)")
                      .bind("a", account.value())
                      .bind("alias", alias)
                      .execute())
          == 1;
    } catch (UnableToExecuteStatementException e) {
      // Another registry took the alias between the check and the write (the UNIQUE constraint).
      if (byAlias(alias).filter(r -> !r.account().equals(account)).isPresent()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void setDisplayName(AccountId account, String displayName) {
    db.write(
        h ->
            h.createUpdate("UPDATE public_registries SET display_name = :n WHERE account_id = :a")
                .bind("a", account.value())
                .bind("n", displayName)
                .execute());
  }

  @Override
  public Optional<RepositoryCatalog> catalog(String repositoryId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT "
                        + CATALOG_COLUMNS
                        + " FROM public_repository_catalog WHERE repository_id = :id")
                .bind("id", repositoryId)
                .map((rs, ctx) -> catalog(rs))
                .findOne());
  }

  private static RepositoryCatalog catalog(ResultSet rs) throws SQLException {
    return new RepositoryCatalog(
        Optional.ofNullable(rs.getString("description")),
        Optional.ofNullable(rs.getString("about_text")),
        Optional.ofNullable(rs.getString("usage_text")),
        lines(rs.getString("architectures")),
        lines(rs.getString("operating_systems")),
        Optional.ofNullable(rs.getString("logo_type")),
        rs.getLong("pulls"),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static List<String> lines(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
  }

  @Override
  public void putCatalog(String repositoryId, RepositoryCatalog c, Optional<byte[]> logo) {
    db.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO public_repository_catalog (repository_id, architectures,"
                      + " operating_systems, pulls, updated_at) VALUES (:id, '', '', 0, :at)"
                      + " ON CONFLICT (repository_id) DO NOTHING")
              .bind("id", repositoryId)
              .bind("at", c.updatedAt().toEpochMilli())
              .execute();
          h.createUpdate(
                  "UPDATE public_repository_catalog SET description = :d, about_text = :about,"
                      + " usage_text = :usage, architectures = :arch, operating_systems = :os,"
                      + " logo_type = :lt, updated_at = :at"
                      + (c.logoType().isEmpty() ? ", logo = NULL" : "")
                      + " WHERE repository_id = :id")
              .bind("id", repositoryId)
              .bind("d", c.description().orElse(null))
              .bind("about", c.aboutText().orElse(null))
              .bind("usage", c.usageText().orElse(null))
              .bind("arch", String.join("\n", c.architectures()))
              .bind("os", String.join("\n", c.operatingSystems()))
              .bind("lt", c.logoType().orElse(null))
              .bind("at", c.updatedAt().toEpochMilli())
              .execute();
          logo.ifPresent(
              bytes ->
                  h.createUpdate(
                          "UPDATE public_repository_catalog SET logo = :logo WHERE repository_id = :id")
                      .bind("id", repositoryId)
                      .bind("logo", bytes)
                      .execute());
          return null;
        });
  }

  @Override
  public Optional<byte[]> logo(String repositoryId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT logo FROM public_repository_catalog WHERE repository_id = :id"
                        + " AND logo IS NOT NULL")
                .bind("id", repositoryId)
                .map((rs, ctx) -> rs.getBytes(1))
                .findOne());
  }

  @Override
  public void addPulls(String repositoryId, long count) {
    db.write(
        h ->
            h.createUpdate(
                    "INSERT INTO public_repository_catalog (repository_id, architectures,"
                        + " operating_systems, pulls, updated_at)"
                        + " SELECT id, '', '', :n, created_at FROM repositories WHERE id = :id"
                        + " ON CONFLICT (repository_id) DO UPDATE SET pulls ="
                        + " public_repository_catalog.pulls + :n")
                .bind("id", repositoryId)
                .bind("n", count)
                .execute());
  }

  @Override
  public List<GalleryEntry> search(String text, int limit) {
    String pattern = "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
    return db.read(
        h ->
            h.createQuery(
                    "SELECT r.id, r.account_id, r.region, r.name, r.created_at, r.tag_mutability,"
                        + " r.tag_mutability_exclusions, r.scan_on_push, r.encryption_type,"
                        + " r.kms_key, p.alias, c.repository_id AS has_catalog,"
                        + " c.description, c.about_text, c.usage_text, c.architectures,"
                        + " c.operating_systems, c.logo_type, c.pulls, c.updated_at"
                        + " FROM repositories r"
                        + " JOIN public_registries p ON p.account_id = r.account_id"
                        + " LEFT JOIN public_repository_catalog c ON c.repository_id = r.id"
                        + " WHERE r.region = :public AND (LOWER(r.name) LIKE :q ESCAPE '!'"
                        + " OR LOWER(p.alias) LIKE :q ESCAPE '!'"
                        + " OR LOWER(COALESCE(c.description, '')) LIKE :q ESCAPE '!'"
                        + " OR LOWER(COALESCE(c.architectures, '')) LIKE :q ESCAPE '!'"
                        + " OR LOWER(COALESCE(c.operating_systems, '')) LIKE :q ESCAPE '!')"
                        + " ORDER BY p.alias, r.name LIMIT :limit")
                .bind("public", RegistryId.PUBLIC)
                .bind("q", pattern)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new GalleryEntry(
                            JdbcRepositoryStore.map(rs),
                            rs.getString("alias"),
                            rs.getString("has_catalog") == null
                                ? RepositoryCatalog.empty(
                                    Instant.ofEpochMilli(rs.getLong("created_at")))
                                : catalog(rs)))
                .list());
  }

  /**
   * {@code text} with LIKE's wildcards and the escape character ('!', which JDBI's parser leaves
   * alone) taken literally.
   */
  private static String escape(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
