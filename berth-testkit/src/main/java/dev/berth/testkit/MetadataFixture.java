package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Hashing;
import dev.berth.common.Ids;
import dev.berth.meta.MetadataStore;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Where every metadata contract suite starts: a fresh store from the backend test with one account,
 * closed after each test, and repositories and digests made the same way.
 */
public abstract class MetadataFixture {
  protected static final AccountId ACCOUNT = new AccountId("123456789012");

  /** {@link #ACCOUNT}'s registry in us-east-1. */
  protected static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");

  protected static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  protected MetadataStore meta;

  protected abstract MetadataStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    meta = newStore();
    meta.accounts().ensure(ACCOUNT, NOW);
  }

  @AfterEach
  void closeStore() {
    meta.close();
  }

  /** Creates a repository of {@link #ACCOUNT}, created at {@link #NOW}. */
  protected Repository repo(String name) {
    Repository r =
        new Repository(
            Ids.uuid(), REGISTRY, new RepositoryName(name), NOW, RepositorySettings.defaults());
    assertThat(meta.repositories().create(r)).isTrue();
    return r;
  }

  /** The sha256 digest of the text's UTF-8 bytes. */
  protected static Digest digest(String s) {
    return Digest.sha256(Hashing.sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
