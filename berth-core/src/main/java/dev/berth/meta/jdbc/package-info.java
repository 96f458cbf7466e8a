/**
 * The JDBC metadata store: one implementation of every {@code meta} role over JDBI, with a {@link
 * dev.berth.meta.jdbc.Dialect} per database and versioned Flyway migrations under {@code
 * db/migration/<dialect>}. SQLite (the embedded default) runs with WAL, a busy timeout and a single
 * writer connection; readers use their own pool. {@link dev.berth.meta.jdbc.MetadataMigration}
 * copies a stopped node's SQLite database into PostgreSQL for {@code berth migrate}, table by table
 * in the order of {@code CopyPlan}.
 */
package dev.berth.meta.jdbc;
