package dev.berth.secrets;

import dev.berth.iam.SecretCipher;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A secrets service over a real SQLite store and master key, at a fixed time. */
abstract class SecretsFixture {
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final AccountId ACCOUNT = new AccountId("111122223333");
  static final SecretScope SCOPE = new SecretScope(ACCOUNT, "us-east-1");
  static final String T1 = "11111111-1111-1111-1111-111111111111";
  static final String T2 = "22222222-2222-2222-2222-222222222222";
  static final String T3 = "33333333-3333-3333-3333-333333333333";

  @TempDir Path dir;
  MetadataStore meta;
  SecretCipher cipher;
  SecretsService secrets;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    meta.accounts().ensure(ACCOUNT, NOW);
    cipher = SecretCipher.fromKeyFile(dir.resolve("master.key"));
    secrets = at(NOW);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  SecretsService at(Instant when) {
    return new SecretsService(meta, cipher, Clock.fixed(when, ZoneOffset.UTC));
  }

  WrittenVersion create(String name, String value) {
    return secrets.create(
        SCOPE,
        new NewSecret(
            name,
            T1,
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.of(new SecretValue.Text(value))));
  }

  static SecretValue.Text text(String value) {
    return new SecretValue.Text(value);
  }

  static VersionSelector stage(String stage) {
    return new VersionSelector(Optional.empty(), Optional.of(stage));
  }

  static VersionSelector id(String id) {
    return new VersionSelector(Optional.of(id), Optional.empty());
  }

  static ListQuery query(int max) {
    return new ListQuery(List.of(), false, false, max, Optional.empty());
  }

  static Optional<Instant> deletion(SecretsService s, String name) {
    return s.describe(SCOPE, name).secret().deletionDate();
  }
}
