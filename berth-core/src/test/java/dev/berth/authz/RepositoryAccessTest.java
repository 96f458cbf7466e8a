package dev.berth.authz;

import static dev.berth.authz.IdentityPoliciesTest.ACCOUNT;
import static dev.berth.authz.IdentityPoliciesTest.NOW;
import static dev.berth.authz.IdentityPoliciesTest.READ_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.auth.Principal;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.AccessKey;
import dev.berth.meta.IamEntity;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.registry.RepositoryService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RepositoryAccess on a SQLite store (issue 9, item 24): identity policies decide same-account
 * access, a repository policy is needed across accounts, and a policy change is seen at once after
 * {@code invalidate()} and within the cache TTL otherwise.
 */
class RepositoryAccessTest {
  private static final AccountId OTHER = new AccountId("444455556666");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");

  @TempDir Path dir;
  private MetadataStore meta;
  private final IdentityPoliciesTest.MovableClock clock = new IdentityPoliciesTest.MovableClock();
  private RepositoryAccess access;
  private Repository repo;
  private Principal alice;
  private final Principal otherRoot = Principal.root(OTHER, "AKIAOTHERROOT");

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    meta.accounts().ensure(OTHER, NOW);
    meta.accessKeys()
        .create(new AccessKey("AKIAOTHERROOT", OTHER, "root", new byte[] {1}, true, NOW));
    repo =
        new RepositoryService(meta, clock)
            .create(
                REGISTRY, RepositoryService.name("team/app"), ImageTagMutability.MUTABLE, false);
    PolicyEngine engine = new PolicyEngine();
    access =
        new RepositoryAccess(
            new Authorizer(new IdentityPolicies(meta, engine::awsManaged, clock), engine),
            meta,
            clock);
    meta.iam().create(IdentityPoliciesTest.entity(IamEntity.Type.USER, "alice"));
    meta.accessKeys()
        .create(
            new AccessKey("AKIAALICE0000000001", ACCOUNT, "user:alice", new byte[] {1}, true, NOW));
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.USER, "alice", READ_ONLY);
    alice = Principal.user(ACCOUNT, "/", "alice", "AKIAALICE0000000001");
  }

  @AfterEach
  void close() {
    meta.close();
  }

  @Test
  void identityPoliciesDecideWithinTheAccount() {
    assertThat(access.allowed(alice, "203.0.113.1", "ecr:BatchGetImage", repo)).isTrue();
    assertThat(access.allowed(alice, "203.0.113.1", "ecr:PutImage", repo)).isFalse();
    assertThatThrownBy(
            () ->
                access.check(
                    alice, "203.0.113.1", "ecr:PutImage", REGISTRY, repo.name(), Optional.of(repo)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("arn:aws:iam::111122223333:user/alice")
        .hasMessageContaining("ecr:PutImage")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.DENIED);
    assertThat(RepositoryAccess.arn(REGISTRY, repo.name()))
        .isEqualTo("arn:aws:ecr:us-east-1:111122223333:repository/team/app");
  }

  @Test
  void anotherAccountNeedsTheRepositoryPolicy_seenAtOnceAfterInvalidate() {
    assertThat(access.allowed(otherRoot, "", "ecr:BatchGetImage", repo)).isFalse();
    meta.resourcePolicies()
        .setRepositoryPolicy(
            repo.id(),
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"ecr:BatchGetImage\"}]}");
    assertThat(access.allowed(otherRoot, "", "ecr:BatchGetImage", repo))
        .as("the cached (empty) policy is still used")
        .isFalse();
    access.invalidate();
    assertThat(access.allowed(otherRoot, "", "ecr:BatchGetImage", repo)).isTrue();
    assertThat(access.allowed(otherRoot, "", "ecr:PutImage", repo)).isFalse();
  }

  @Test
  void aPolicyChangeOnAnotherNodeIsSeenWithinTheTtl() {
    assertThat(access.allowed(otherRoot, "", "ecr:BatchGetImage", repo)).isFalse();
    meta.resourcePolicies()
        .setRepositoryPolicy(
            repo.id(),
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"444455556666\"},\"Action\":\"ecr:*\"}]}");
    clock.advance(RepositoryAccess.TTL.plus(Duration.ofSeconds(1)));
    assertThat(access.allowed(otherRoot, "", "ecr:BatchGetImage", repo)).isTrue();
  }
}
