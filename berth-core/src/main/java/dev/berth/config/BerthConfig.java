package dev.berth.config;

import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole configuration tree.
 *
 * @param server where to listen
 * @param storage where metadata and blobs live
 * @param registry the region, default account and registry domain
 * @param bootstrap root credentials of the default account, when given rather than generated
 */
public record BerthConfig(
    ServerConfig server,
    StorageConfig storage,
    RegistryConfig registry,
    BootstrapConfig bootstrap) {

  /**
   * @param host interface to bind ({@code listen} key, {@code HOST:PORT}; default 127.0.0.1:5000)
   * @param port TCP port, 0 for an ephemeral one
   */
  public record ServerConfig(String host, int port) {}

  /**
   * @param data data directory ({@code data}; default {@code ./data})
   * @param databaseUrl JDBC URL ({@code database-url}; default SQLite {@code <data>/berth.db})
   * @param uploadExpiry idle time after which an upload session is purged ({@code upload-expiry})
   */
  public record StorageConfig(Path data, String databaseUrl, Duration uploadExpiry) {}

  /**
   * @param region the region this cluster serves ({@code region}; default us-east-1)
   * @param defaultAccount account created at first start, selected by unknown hosts ({@code
   *     account-id}; default 000000000000)
   * @param domain registry host suffix: {@code <account>.dkr.ecr.<region>.<domain>} ({@code
   *     domain}; default localhost)
   */
  public record RegistryConfig(String region, AccountId defaultAccount, String domain) {}

  /**
   * @param rootAccessKeyId {@code root-access-key-id}
   * @param rootSecretAccessKey {@code root-secret-access-key}
   */
  public record BootstrapConfig(
      Optional<String> rootAccessKeyId, Optional<String> rootSecretAccessKey) {}
}
