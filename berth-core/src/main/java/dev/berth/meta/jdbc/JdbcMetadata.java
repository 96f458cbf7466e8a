package dev.berth.meta.jdbc;

import dev.berth.meta.MetadataStore;
import org.jspecify.annotations.Nullable;

/** Opens the JDBC metadata store: pools, migrations, and every role over one database. */
public final class JdbcMetadata {
  private JdbcMetadata() {}

  /** Connections per pool of a server database unless configured. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The region of configurations that name none. */
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * Connects to {@code jdbcUrl}, migrates the schema and returns the stores. Rows from before
   * regions (schema version 13) move to {@link #DEFAULT_REGION}.
   */
  public static MetadataStore open(String jdbcUrl) {
    return open(new JdbcDatabase(Dialect.forUrl(jdbcUrl, DEFAULT_POOL_SIZE, null)), DEFAULT_REGION);
  }

  /**
   * As {@link #open(String)}, with {@code poolSize} connections in each pool of a server database
   * (SQLite's pools are sized by SQLite's own limits) and the pools reporting to {@code
   * meterRegistry} when it is not null: a Micrometer {@code MeterRegistry}, typed {@code Object} so
   * that this module needs no Micrometer (HikariCP recognises the registry at run time and
   * registers its {@code hikaricp_connections_*} meters, tagged by pool name). Rows from before
   * regions (schema version 13) move to {@code homeRegion}, the configured region.
   */
  public static MetadataStore open(
      String jdbcUrl, int poolSize, @Nullable Object meterRegistry, String homeRegion) {
    return open(new JdbcDatabase(Dialect.forUrl(jdbcUrl, poolSize, meterRegistry)), homeRegion);
  }

  private static MetadataStore open(JdbcDatabase db, String homeRegion) {
    try {
      db.migrate(homeRegion);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return new MetadataStore(
        db,
        new JdbcAccountStore(db),
        new JdbcRepositoryStore(db),
        new JdbcImageStore(db),
        new JdbcBlobIndex(db),
        new JdbcUploadSessionStore(db),
        new JdbcAccessKeyStore(db),
        new JdbcResourceTagStore(db),
        new JdbcIamStore(db),
        new JdbcIamPolicyStore(db),
        new JdbcSessionStore(db),
        new JdbcResourcePolicyStore(db),
        new JdbcStorageClassStore(db),
        new JdbcGcStore(db),
        new JdbcLeaseStore(db),
        new JdbcEventStore(db),
        new JdbcLifecycleStore(db),
        new JdbcPullTimeExclusionStore(db),
        new JdbcCreationTemplateStore(db),
        new JdbcPullThroughRuleStore(db),
        new JdbcSecretStore(db),
        new JdbcBrowserSessionStore(db),
        new JdbcOrganizationStore(db),
        new JdbcReplicationStore(db),
        new JdbcPublicRegistryStore(db),
        db::close);
  }
}
