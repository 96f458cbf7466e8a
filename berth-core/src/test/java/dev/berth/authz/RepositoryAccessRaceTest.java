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
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 5: a repository policy removed (and the cache invalidated, as SetRepositoryPolicy
 * and DeleteRepositoryPolicy do) denies every request that starts afterwards, even while other
 * threads authorize against the same repository.
 */
class RepositoryAccessRaceTest {
  private static final AccountId ACCOUNT = new AccountId("123456789012");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");
  private static final String GRANT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
          + "\"arn:aws:iam::123456789012:user/alice\"},\"Action\":\"ecr:BatchGetImage\"}]}";

  @TempDir Path dir;
  private MetadataStore meta;
  private RepositoryAccess access;
  private Repository repo;
  private Principal alice;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("berth.db"));
    Clock clock = Clock.systemUTC();
    PolicyEngine engine = new PolicyEngine();
    IdentityPolicies identities = new IdentityPolicies(meta, engine::awsManaged, clock);
    access = new RepositoryAccess(new Authorizer(identities, engine), meta, clock);
    IamService iam =
        new IamService(
            meta,
            SecretCipher.fromKeyFile(dir.resolve("master.key")),
            engine,
            engine::awsManaged,
            clock);
    new EventRelay(meta.events(), clock).subscribe(event -> identities.invalidate());
    iam.create(IamEntity.Type.USER, ACCOUNT, "alice", "/", "", "", 0);
    alice =
        Principal.user(
            ACCOUNT, "/", "alice", iam.createAccessKey(ACCOUNT, "alice").key().accessKeyId());
    repo =
        new RepositoryService(meta, clock)
            .create(
                REGISTRY, RepositoryService.name("team/app"), ImageTagMutability.MUTABLE, false);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private boolean allowed() {
    return access.allowed(alice, "127.0.0.1", "ecr:BatchGetImage", repo);
  }

  @Test
  void removedRepositoryPolicy_isEnforcedFromTheNextRequestOn() throws Exception {
    // Phases as in IdentityPoliciesTest: odd = revoked, entered once the revoke returned.
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
      workers.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  access.invalidate();
                  Thread.sleep(1);
                }
                return null;
              }));
      for (int round = 0; round < 150; round++) {
        phase.incrementAndGet();
        meta.resourcePolicies().setRepositoryPolicy(repo.id(), GRANT);
        access.invalidate();
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        meta.resourcePolicies().deleteRepositoryPolicy(repo.id());
        access.invalidate();
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
}
