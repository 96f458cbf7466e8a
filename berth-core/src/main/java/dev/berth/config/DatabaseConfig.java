package dev.berth.config;

import java.util.Locale;

/**
 * The metadata database ({@code database-url}, {@code database-pool-size}).
 *
 * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL; PostgreSQL credentials go in
 *     its {@code user} and {@code password} parameters
 * @param poolSize connections in each of a server database's pools (writers and readers)
 */
public record DatabaseConfig(String url, int poolSize) {
  /** Which database a URL names. */
  public enum Kind {
    SQLITE,
    POSTGRESQL
  }

  public DatabaseConfig {
    kindOf(url);
    if (poolSize < 1) {
      throw new ConfigException("database-pool-size: expected a positive whole number");
    }
  }

  /** The database this URL names. */
  public Kind kind() {
    return kindOf(url);
  }

  private static Kind kindOf(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return Kind.SQLITE;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return Kind.POSTGRESQL;
    }
    throw new ConfigException(
        "database-url: expected a jdbc:sqlite: or jdbc:postgresql: URL, got one starting '"
            + scheme(url)
            + "'");
  }

  /** Up to the second colon, say {@code jdbc:mysql:}: never a password. */
  private static String scheme(String url) {
    int first = url.indexOf(':');
    int second = first < 0 ? -1 : url.indexOf(':', first + 1);
    return second < 0 ? url.substring(0, Math.min(url.length(), 8)) : url.substring(0, second + 1);
  }

  /** The URL without its query string, where PostgreSQL's password may be: for logs. */
  public String displayUrl() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + displayUrl() + ", pool " + poolSize + "]";
  }
}
