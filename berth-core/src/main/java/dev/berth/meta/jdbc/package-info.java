/**
 * The JDBC metadata store: one implementation of every {@code meta} role over JDBI, with a {@link
 * dev.berth.meta.jdbc.Dialect} per database and versioned Flyway migrations under {@code
 * db/migration/<dialect>}. SQLite (the embedded default) runs with WAL, a busy timeout and a single
 * writer connection; readers use their own pool.
 */
package dev.berth.meta.jdbc;
