package dev.berth.meta.jdbc;

import dev.berth.meta.MetadataStore;

/** Opens the JDBC metadata store: pools, migrations, and every role over one database. */
public final class JdbcMetadata {
  private JdbcMetadata() {}

  /** Connects to {@code jdbcUrl}, migrates the schema and returns the stores. */
  public static MetadataStore open(String jdbcUrl) {
    JdbcDatabase db = new JdbcDatabase(Dialect.forUrl(jdbcUrl));
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
