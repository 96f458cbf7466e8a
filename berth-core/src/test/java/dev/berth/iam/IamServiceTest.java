package dev.berth.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.authz.PolicyEngine;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.events.EventRelay;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IamService on a SQLite store (issue 9, item 24): users, groups and roles, membership, access keys
 * and inline policies, with IAM's errors; every change tells its listener.
 */
class IamServiceTest {
  private static final AccountId ACCOUNT = new AccountId("111122223333");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}";
  private static final String PULL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:BatchGetImage\",\"Resource\":\"*\"}]}";

  @TempDir Path dir;
  private MetadataStore meta;
  private final SecretCipher cipher = new SecretCipher(new byte[32]);
  private final AtomicInteger changes = new AtomicInteger();
  private IamService iam;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    PolicyEngine engine = new PolicyEngine();
    iam =
        new IamService(meta, cipher, engine, engine::awsManaged, Clock.fixed(NOW, ZoneOffset.UTC));
    new EventRelay(meta.events(), Clock.fixed(NOW, ZoneOffset.UTC))
        .subscribe(event -> changes.incrementAndGet());
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private IamEntity user(String name) {
    return iam.create(IamEntity.Type.USER, ACCOUNT, name, "/", "", "", 0);
  }

  private static ErrorKind kind(Runnable r) {
    try {
      r.run();
    } catch (RegistryException e) {
      return e.kind();
    }
    throw new AssertionError("expected a RegistryException");
  }

  @Test
  void create_givesAnIdAndRejectsADuplicateName() {
    IamEntity alice = user("alice");
    assertThat(alice.id()).startsWith("AIDA");
    assertThat(alice.createdAt()).isEqualTo(NOW);
    assertThat(iam.get(IamEntity.Type.USER, ACCOUNT, "alice").id()).isEqualTo(alice.id());
    assertThat(kind(() -> user("alice"))).isEqualTo(ErrorKind.ENTITY_ALREADY_EXISTS);
    assertThat(kind(() -> iam.get(IamEntity.Type.USER, ACCOUNT, "bob")))
        .isEqualTo(ErrorKind.NO_SUCH_ENTITY);
    assertThat(changes.get()).as("only the successful create is a change").isEqualTo(1);
  }

  @Test
  void roles_needAValidTrustPolicy() {
    IamEntity role = iam.create(IamEntity.Type.ROLE, ACCOUNT, "ci", "/", TRUST, "builds", 3600);
    assertThat(role.id()).startsWith("AROA");
    assertThat(role.arn()).isEqualTo("arn:aws:iam::111122223333:role/ci");
    assertThat(kind(() -> iam.create(IamEntity.Type.ROLE, ACCOUNT, "bad", "/", "{", "", 3600)))
        .isEqualTo(ErrorKind.MALFORMED_POLICY);
    assertThat(iam.find(IamEntity.Type.ROLE, ACCOUNT, "bad")).isEmpty();
    assertThat(kind(() -> iam.updateTrustPolicy(ACCOUNT, "ci", "[]")))
        .isEqualTo(ErrorKind.MALFORMED_POLICY);
    assertThat(iam.get(IamEntity.Type.ROLE, ACCOUNT, "ci").trustPolicy()).isEqualTo(TRUST);
  }

  @Test
  void delete_refusesWhileTheUserIsInAGroupOrHasKeysOrPolicies() {
    user("alice");
    iam.create(IamEntity.Type.GROUP, ACCOUNT, "readers", "/", "", "", 0);
    iam.addUserToGroup(ACCOUNT, "readers", "alice");
    assertThat(iam.membersOf(ACCOUNT, "readers")).extracting(IamEntity::name).contains("alice");
    assertThat(kind(() -> iam.delete(IamEntity.Type.USER, ACCOUNT, "alice")))
        .isEqualTo(ErrorKind.DELETE_CONFLICT);
    assertThat(kind(() -> iam.delete(IamEntity.Type.GROUP, ACCOUNT, "readers")))
        .isEqualTo(ErrorKind.DELETE_CONFLICT);
    iam.removeUserFromGroup(ACCOUNT, "readers", "alice");
    assertThat(kind(() -> iam.removeUserFromGroup(ACCOUNT, "readers", "alice")))
        .isEqualTo(ErrorKind.NO_SUCH_ENTITY);

    iam.putInline(ACCOUNT, IamEntity.Type.USER, "alice", "pull", PULL);
    assertThat(kind(() -> iam.delete(IamEntity.Type.USER, ACCOUNT, "alice")))
        .isEqualTo(ErrorKind.DELETE_CONFLICT);
    iam.deleteInline(ACCOUNT, IamEntity.Type.USER, "alice", "pull");

    IamService.NewKey key = iam.createAccessKey(ACCOUNT, "alice");
    assertThat(kind(() -> iam.delete(IamEntity.Type.USER, ACCOUNT, "alice")))
        .isEqualTo(ErrorKind.DELETE_CONFLICT);
    iam.deleteAccessKey(ACCOUNT, "alice", key.key().accessKeyId());
    iam.delete(IamEntity.Type.USER, ACCOUNT, "alice");
    assertThat(iam.find(IamEntity.Type.USER, ACCOUNT, "alice")).isEmpty();
  }

  @Test
  void accessKeys_keepOnlyTheCiphertextAndCanBeDeactivated() {
    user("alice");
    IamService.NewKey key = iam.createAccessKey(ACCOUNT, "alice");
    assertThat(key.key().accessKeyId()).startsWith("AKIA");
    assertThat(cipher.decrypt(key.key().secretCiphertext())).isEqualTo(key.secret());
    assertThat(new String(key.key().secretCiphertext(), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain(key.secret());
    iam.setAccessKeyActive(ACCOUNT, "alice", key.key().accessKeyId(), false);
    assertThat(iam.accessKeys(ACCOUNT, "alice")).singleElement().matches(k -> !k.active());
    user("bob");
    assertThat(kind(() -> iam.deleteAccessKey(ACCOUNT, "bob", key.key().accessKeyId())))
        .as("a key is managed only through its own user")
        .isEqualTo(ErrorKind.NO_SUCH_ENTITY);
  }

  @Test
  void inlinePolicies_areValidatedAndReadBack() {
    user("alice");
    iam.putInline(ACCOUNT, IamEntity.Type.USER, "alice", "pull", PULL);
    assertThat(iam.inline(ACCOUNT, IamEntity.Type.USER, "alice", "pull")).isEqualTo(PULL);
    assertThat(iam.inlines(ACCOUNT, IamEntity.Type.USER, "alice")).containsOnlyKeys("pull");
    assertThat(kind(() -> iam.putInline(ACCOUNT, IamEntity.Type.USER, "alice", "bad", "{\"x\":1}")))
        .isEqualTo(ErrorKind.MALFORMED_POLICY);
    assertThat(kind(() -> iam.inline(ACCOUNT, IamEntity.Type.USER, "alice", "bad")))
        .isEqualTo(ErrorKind.NO_SUCH_ENTITY);
    assertThat(iam.list(IamEntity.Type.USER, ACCOUNT, "/", Optional.empty(), 10).items())
        .extracting(IamEntity::name)
        .containsExactly("alice");
  }
}
