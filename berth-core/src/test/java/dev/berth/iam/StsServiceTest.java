package dev.berth.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.Principal;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StsService on a SQLite store (issue 9, item 24): AssumeRole honours the trust decision, the
 * role's maximum and the minimum duration, and stores the session; GetSessionToken refuses session
 * credentials.
 */
class StsServiceTest {
  private static final AccountId ACCOUNT = new AccountId("111122223333");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/ci";

  @TempDir Path dir;
  private MetadataStore meta;
  private final SecretCipher cipher = new SecretCipher(new byte[32]);
  private final Principal alice = Principal.user(ACCOUNT, "/", "alice", "AKIAALICE");
  private final Principal mallory = Principal.user(ACCOUNT, "/", "mallory", "AKIAMALLORY");
  private StsService sts;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    meta.accounts().ensure(ACCOUNT, NOW);
    meta.iam()
        .create(
            new IamEntity(IamEntity.Type.ROLE, ACCOUNT, "ci", "AROACI", "/", NOW, "{}", "", 7200));
    TrustEvaluator onlyAlice = (caller, role) -> caller.name().equals("alice");
    sts = new StsService(meta, cipher, onlyAlice, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    meta.close();
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
  void assumeRole_issuesAStoredSessionOfTheRole() {
    StsService.Issued issued = sts.assumeRole(alice, ROLE_ARN, "build-1", Optional.empty());
    assertThat(issued.session().accessKeyId()).startsWith("ASIA");
    assertThat(issued.session().principalArn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/ci/build-1");
    assertThat(issued.session().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(issued.principal().type()).isEqualTo(Principal.Type.ASSUMED_ROLE);
    assertThat(issued.principal().sourceArn()).isEqualTo(ROLE_ARN);
    var stored = meta.sessions().find(issued.session().accessKeyId()).orElseThrow();
    assertThat(cipher.decrypt(stored.secretCiphertext())).isEqualTo(issued.secret());
    assertThat(stored.sessionToken()).isEqualTo(issued.session().sessionToken());
  }

  @Test
  void assumeRole_isDeniedToCallersTheTrustPolicyDoesNotAllowAndForUnknownRoles() {
    assertThat(kind(() -> sts.assumeRole(mallory, ROLE_ARN, "s", Optional.empty())))
        .isEqualTo(ErrorKind.DENIED);
    assertThat(
            kind(
                () ->
                    sts.assumeRole(
                        alice, "arn:aws:iam::111122223333:role/nope", "s", Optional.empty())))
        .isEqualTo(ErrorKind.DENIED);
    assertThat(kind(() -> sts.assumeRole(alice, "not-an-arn", "s", Optional.empty())))
        .isEqualTo(ErrorKind.INVALID_PARAMETER);
  }

  @Test
  void assumeRole_durationLiesBetweenFifteenMinutesAndTheRolesMaximum() {
    assertThat(sts.assumeRole(alice, ROLE_ARN, "s", Optional.of(7200)).session().expiresAt())
        .isEqualTo(NOW.plusSeconds(7200));
    assertThat(kind(() -> sts.assumeRole(alice, ROLE_ARN, "s", Optional.of(7201))))
        .isEqualTo(ErrorKind.INVALID_PARAMETER);
    assertThat(kind(() -> sts.assumeRole(alice, ROLE_ARN, "s", Optional.of(899))))
        .isEqualTo(ErrorKind.INVALID_PARAMETER);
  }

  @Test
  void getSessionToken_actsAsTheUserButNotForSessions() {
    StsService.Issued issued = sts.getSessionToken(alice, Optional.empty());
    assertThat(issued.session().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
    assertThat(issued.principal().arn()).isEqualTo(alice.arn());
    Principal session = sts.assumeRole(alice, ROLE_ARN, "s", Optional.empty()).principal();
    assertThat(kind(() -> sts.getSessionToken(session, Optional.empty())))
        .isEqualTo(ErrorKind.DENIED);
  }
}
