package dev.berth.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.Principal;
import dev.berth.meta.AccessKey;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.StsSession;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IdentityPolicies on a SQLite store (issue 9, item 24): a user's own and its groups' policies, a
 * role session's role policies, and nothing at all once the identity or its credential stops
 * working (deleted user, deactivated key, expired session).
 */
class IdentityPoliciesTest {
  static final AccountId ACCOUNT = new AccountId("111122223333");
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final String READ_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now = NOW;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @TempDir Path dir;
  private MetadataStore meta;
  private final MovableClock clock = new MovableClock();
  private IdentityPolicies policies;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    meta.accounts().ensure(ACCOUNT, NOW);
    policies = new IdentityPolicies(meta, new PolicyEngine()::awsManaged, clock);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  static IamEntity entity(IamEntity.Type type, String name) {
    return new IamEntity(type, ACCOUNT, name, "ID" + name, "/", NOW, "{}", "", 3600);
  }

  private Principal userWithKey(String name, String keyId) {
    meta.iam().create(entity(IamEntity.Type.USER, name));
    meta.accessKeys()
        .create(new AccessKey(keyId, ACCOUNT, "user:" + name, new byte[] {1}, true, NOW));
    return Principal.user(ACCOUNT, "/", name, keyId);
  }

  private static List<String> names(Optional<List<IdentityPolicy>> p) {
    return p.orElseThrow().stream().map(IdentityPolicy::name).toList();
  }

  @Test
  void user_getsItsOwnAndItsGroupsPolicies() {
    Principal alice = userWithKey("alice", "AKIAALICE0000000001");
    meta.iam().create(entity(IamEntity.Type.GROUP, "readers"));
    meta.iam().addMember(ACCOUNT, "readers", "alice");
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.GROUP, "readers", READ_ONLY);
    meta.iamPolicies().putInline(ACCOUNT, IamEntity.Type.USER, "alice", "mine", "{\"a\":1}");
    assertThat(names(policies.of(alice)))
        .containsExactlyInAnyOrder("mine", "AmazonEC2ContainerRegistryReadOnly");
    assertThat(policies.of(Principal.root(ACCOUNT, "AKIAROOT"))).isEmpty();
  }

  @Test
  void aDeletedUserOrADeactivatedKey_hasNoPoliciesAtAll() {
    Principal alice = userWithKey("alice", "AKIAALICE0000000001");
    Principal bob = userWithKey("bob", "AKIABOB000000000001");
    assertThat(policies.of(alice)).contains(List.of());
    meta.accessKeys().setActive("AKIAALICE0000000001", false);
    meta.iam().delete(IamEntity.Type.USER, ACCOUNT, "bob");
    policies.invalidate();
    assertThat(policies.of(alice)).as("deactivated key").isEmpty();
    assertThat(policies.of(bob)).as("deleted user").isEmpty();
  }

  @Test
  void aRoleSession_getsTheRolesPoliciesUntilItExpires() {
    meta.iam().create(entity(IamEntity.Type.ROLE, "ci"));
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.ROLE, "ci", READ_ONLY);
    String roleArn = "arn:aws:iam::111122223333:role/ci";
    meta.sessions()
        .create(
            new StsSession(
                "ASIASESSION00000001",
                ACCOUNT,
                "arn:aws:sts::111122223333:assumed-role/ci/run",
                roleArn,
                "run",
                new byte[] {1},
                "token",
                NOW.plus(Duration.ofHours(1))));
    Principal session = Principal.assumedRole(ACCOUNT, roleArn, "ci", "run", "ASIASESSION00000001");
    assertThat(names(policies.of(session))).containsExactly("AmazonEC2ContainerRegistryReadOnly");
    clock.advance(Duration.ofMinutes(59));
    assertThat(policies.of(session)).isPresent();
    clock.advance(Duration.ofMinutes(2));
    assertThat(policies.of(session)).as("the session expired").isEmpty();
  }
}
