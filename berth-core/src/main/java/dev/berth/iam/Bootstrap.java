package dev.berth.iam;

import dev.berth.config.BerthConfig;
import dev.berth.meta.AccessKey;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

/**
 * First-start set-up of the default account and its root credentials: taken from configuration when
 * given, otherwise generated once and written to {@code <data>/root-credentials} (mode 0600, AWS
 * shared-credentials format), never printed.
 */
public final class Bootstrap {
  /** The principal name of an account's root user. */
  public static final String ROOT = "root";

  private Bootstrap() {}

  /**
   * What bootstrap did. {@code credentialsFile} is set when this node's data directory holds the
   * generated root credentials (empty when they come from configuration, or when another node
   * sharing the database generated them).
   */
  public record Result(AccountId account, String rootAccessKeyId, Optional<Path> credentialsFile) {}

  public static Result run(
      BerthConfig config, MetadataStore meta, SecretCipher cipher, Clock clock) {
    AccountId account = config.registry().defaultAccount();
    meta.accounts().ensure(account, clock.instant());
    Optional<String> givenId = config.bootstrap().rootAccessKeyId();
    if (givenId.isPresent()) {
      String secret = config.bootstrap().rootSecretAccessKey().orElseThrow();
      // In one transaction, so nodes of a cluster starting together store the key once.
      meta.transactions()
          .run(
              () -> {
                if (meta.accessKeys().find(givenId.get()).isEmpty()) {
                  meta.accessKeys()
                      .create(
                          new AccessKey(
                              givenId.get(),
                              account,
                              ROOT,
                              cipher.encrypt(secret),
                              true,
                              clock.instant()));
                }
              });
      return new Result(account, givenId.get(), Optional.empty());
    }
    Path file = config.storage().data().resolve("root-credentials");
    var existing = meta.accessKeys().ofPrincipal(account, ROOT);
    if (!existing.isEmpty()) {
      return new Result(
          account,
          existing.get(0).accessKeyId(),
          Files.exists(file) ? Optional.of(file) : Optional.empty());
    }
    String keyId = IamIds.accessKeyId("AKIA");
    String secret = IamIds.secret();
    // The secret is on disk before the key exists, and the file is named root-credentials only
    // when this process's key is the one stored: of nodes starting together on one database,
    // one creates the root key (the transaction sees whether another did first) and the others
    // use it without a file of their own.
    Path pending = config.storage().data().resolve("root-credentials.pending");
    writeCredentials(pending, keyId, secret);
    String stored =
        meta.transactions()
            .inTransaction(
                () -> {
                  var now = meta.accessKeys().ofPrincipal(account, ROOT);
                  if (!now.isEmpty()) {
                    return now.get(0).accessKeyId();
                  }
                  meta.accessKeys()
                      .create(
                          new AccessKey(
                              keyId, account, ROOT, cipher.encrypt(secret), true, clock.instant()));
                  return keyId;
                });
    try {
      if (stored.equals(keyId)) {
        Files.move(
            pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(account, keyId, Optional.of(file));
      }
      Files.delete(pending);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to write root credentials to " + file, e);
    }
    return new Result(account, stored, Optional.empty());
  }

  private static void writeCredentials(Path file, String keyId, String secret) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to write root credentials to " + file, e);
    }
    CredentialsFile.create(file, "Root credentials of the default Berth account");
    CredentialsFile.append(file, keyId, secret);
  }
}
