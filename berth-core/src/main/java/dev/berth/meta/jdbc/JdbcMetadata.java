package dev.berth.meta.jdbc;

import dev.berth.meta.MetadataStore;

/** Opens the JDBC metadata store: pools, migrations, and every role over one database. */
public final class JdbcMetadata {
  private JdbcMetadata() {}

  /** Connects to {@code jdbcUrl}, migrates the schema and returns the stores. */
  public static MetadataStore open(String jdbcUrl) {
    return open(new JdbcDatabase(Dialect.forUrl(jdbcUrl, null)));
  }

  /**
   * As {@link #open(String)}, with the connection pools reporting to {@code meterRegistry}: a
   * Micrometer {@code MeterRegistry}, typed {@code Object} so that this module needs no Micrometer
   * (HikariCP recognises the registry at run time and registers its {@code hikaricp_connections_*}
   * meters, tagged by pool name).
   */
  public static MetadataStore open(String jdbcUrl, Object meterRegistry) {
    return open(new JdbcDatabase(Dialect.forUrl(jdbcUrl, meterRegistry)));
  }

  private static MetadataStore open(JdbcDatabase db) {
    try {
      db.migrate();
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
        new JdbcLifecycleStore(db),
        new JdbcPullTimeExclusionStore(db),
        db::close);
  }
}
