package dev.berth.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.auth.Principal;
import dev.berth.events.EventRelay;
import dev.berth.iam.IamService;
import dev.berth.iam.SecretCipher;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 5: a policy change is enforced from the next request on, always, even while other
 * threads are authorizing the same principal; and cached policies of access-key principals expire
 * (so a change made elsewhere, without this node's invalidation, applies within {@link
 * IdentityPolicies#TTL}).
 */
class IdentityPoliciesRaceTest {
  private static final AccountId ACCOUNT = new AccountId("123456789012");
  private static final String ALLOW =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Action\":\"ecr:DescribeRepositories\",\"Resource\":\"*\"}]}";

  @TempDir Path dir;
  private MetadataStore meta;
  private final AtomicLong millis =
      new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };
  private IdentityPolicies identities;
  private Authorizer authorizer;
  private IamService iam;
  private Principal alice;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
    PolicyEngine engine = new PolicyEngine();
    identities = new IdentityPolicies(meta, engine::awsManaged, clock);
    authorizer = new Authorizer(identities, engine);
    iam =
        new IamService(
            meta,
            SecretCipher.fromKeyFile(dir.resolve("master.key")),
            engine,
            engine::awsManaged,
            clock);
    new EventRelay(meta.events(), clock).subscribe(event -> identities.invalidate());
    for (String name : List.of("alice", "bob")) {
      iam.create(IamEntity.Type.USER, ACCOUNT, name, "/", "", "", 0);
    }
    String keyId = iam.createAccessKey(ACCOUNT, "alice").key().accessKeyId();
    alice = Principal.user(ACCOUNT, "/", "alice", keyId);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private boolean allowed() {
    return authorizer
        .decide(
            new AccessRequest(
                alice,
                "ecr:DescribeRepositories",
                "arn:aws:ecr:us-east-1:" + ACCOUNT.value() + ":repository/app",
                ACCOUNT,
                Optional.empty(),
                Map.of()))
        .allowed();
  }

  @Test
  void revokedPermission_isDeniedToEveryRequestStartedAfterTheRevoke() throws Exception {
    // Phases: even = a grant may be in effect, odd = revoked (entered once the revoke returned,
    // left before the next grant starts). A request that starts and ends within a revoked phase
    // must be denied.
    AtomicInteger phase = new AtomicInteger(-1);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger decisions = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    int before = phase.get();
                    boolean allowed = allowed();
                    decisions.incrementAndGet();
                    if (allowed && before % 2 != 0 && phase.get() == before) {
                      violations.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      // Unrelated IAM changes keep invalidating the cache, so lookups race with invalidations.
      workers.add(
          pool.submit(
              () -> {
                int i = 0;
                while (!stop.get()) {
                  iam.putInline(ACCOUNT, IamEntity.Type.USER, "bob", "p" + (i++ % 3), ALLOW);
                }
                return null;
              }));
      for (int round = 0; round < 150; round++) {
        phase.incrementAndGet();
        iam.putInline(ACCOUNT, IamEntity.Type.USER, "alice", "grant", ALLOW);
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        iam.deleteInline(ACCOUNT, IamEntity.Type.USER, "alice", "grant");
        phase.incrementAndGet();
        Thread.sleep(2);
        assertThat(allowed()).as("round %d, right after the revoke", round).isFalse();
      }
    } finally {
      stop.set(true);
      for (Future<?> w : workers) {
        w.get();
      }
      pool.shutdown();
    }

    assertThat(decisions.get()).isGreaterThan(1000);
    assertThat(violations.get()).as("requests allowed after the revoke").isZero();
  }

  @Test
  void cachedPolicies_ofAnAccessKeyPrincipal_expireAfterTheTtl() {
    iam.putInline(ACCOUNT, IamEntity.Type.USER, "alice", "grant", ALLOW);
    assertThat(allowed()).isTrue();

    // As another node would: changed in the store, without this node's invalidation.
    meta.iamPolicies().deleteInline(ACCOUNT, IamEntity.Type.USER, "alice", "grant");
    assertThat(allowed()).as("cached within the TTL").isTrue();

    millis.addAndGet(IdentityPolicies.TTL.plus(Duration.ofMillis(1)).toMillis());
    assertThat(allowed()).as("read again after the TTL").isFalse();
  }
}
