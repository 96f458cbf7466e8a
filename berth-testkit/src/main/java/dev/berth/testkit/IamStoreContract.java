package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.AccessKey;
import dev.berth.meta.IamEntity;
import dev.berth.meta.ManagedPolicy;
import dev.berth.meta.PolicyVersion;
import dev.berth.meta.StsSession;
import dev.berth.model.AccountId;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every metadata backend promises for IAM, STS and policies (issue 9, item 24): {@code
 * IamStore}, {@code AccessKeyStore}, {@code IamPolicyStore}, {@code ResourcePolicyStore} and {@code
 * SessionStore}. A backend test supplies a fresh store, as for {@link MetadataStoreContract}.
 */
public abstract class IamStoreContract extends MetadataFixture {

  private static IamEntity entity(IamEntity.Type type, String name, String path) {
    return new IamEntity(
        type,
        ACCOUNT,
        name,
        "AID" + type.name().charAt(0) + name,
        path,
        NOW,
        type == IamEntity.Type.ROLE ? "{\"trust\":1}" : "",
        type == IamEntity.Type.ROLE ? "a role" : "",
        type == IamEntity.Type.ROLE ? 3600 : 0);
  }

  @Test
  void iam_createFindCaseInsensitivelyAndRejectDuplicates() {
    assertThat(meta.iam().create(entity(IamEntity.Type.USER, "Alice", "/ops/"))).isTrue();
    assertThat(meta.iam().create(entity(IamEntity.Type.USER, "alice", "/"))).isFalse();
    assertThat(meta.iam().create(entity(IamEntity.Type.GROUP, "alice", "/")))
        .as("names are unique per type")
        .isTrue();
    IamEntity found = meta.iam().find(IamEntity.Type.USER, ACCOUNT, "ALICE").orElseThrow();
    assertThat(found.name()).isEqualTo("Alice");
    assertThat(found.path()).isEqualTo("/ops/");
    assertThat(found.arn()).isEqualTo("arn:aws:iam::123456789012:user/ops/Alice");
    assertThat(meta.iam().find(IamEntity.Type.USER, new AccountId("999999999999"), "Alice"))
        .isEmpty();
    assertThat(meta.iam().delete(IamEntity.Type.USER, ACCOUNT, "alice")).isTrue();
    assertThat(meta.iam().delete(IamEntity.Type.USER, ACCOUNT, "alice")).isFalse();
    assertThat(meta.iam().find(IamEntity.Type.USER, ACCOUNT, "Alice")).isEmpty();
  }

  @Test
  void iam_listFiltersByPathPrefixAndPagesByName() {
    for (String n : List.of("carol", "alice", "bob", "dave")) {
      meta.iam().create(entity(IamEntity.Type.USER, n, n.equals("dave") ? "/other/" : "/ops/"));
    }
    Page<IamEntity> first =
        meta.iam().list(IamEntity.Type.USER, ACCOUNT, "/ops/", Optional.empty(), 2);
    assertThat(first.items()).extracting(IamEntity::name).containsExactly("alice", "bob");
    Page<IamEntity> second =
        meta.iam().list(IamEntity.Type.USER, ACCOUNT, "/ops/", Optional.of("bob"), 2);
    assertThat(second.items()).extracting(IamEntity::name).containsExactly("carol");
    assertThat(meta.iam().list(IamEntity.Type.USER, ACCOUNT, "/", Optional.empty(), 10).items())
        .hasSize(4);
    assertThat(meta.iam().list(IamEntity.Type.ROLE, ACCOUNT, "/", Optional.empty(), 10).items())
        .isEmpty();
  }

  @Test
  void iam_rolesKeepTheirTrustPolicyAndGroupsTheirMembers() {
    meta.iam().create(entity(IamEntity.Type.ROLE, "deployer", "/"));
    meta.iam().updateTrustPolicy(ACCOUNT, "deployer", "{\"v\":2}");
    IamEntity role = meta.iam().find(IamEntity.Type.ROLE, ACCOUNT, "deployer").orElseThrow();
    assertThat(role.trustPolicy()).isEqualTo("{\"v\":2}");
    assertThat(role.maxSessionSeconds()).isEqualTo(3600);
    assertThat(role.description()).isEqualTo("a role");

    meta.iam().create(entity(IamEntity.Type.GROUP, "readers", "/"));
    meta.iam().create(entity(IamEntity.Type.GROUP, "admins", "/"));
    meta.iam().create(entity(IamEntity.Type.USER, "bob", "/"));
    meta.iam().create(entity(IamEntity.Type.USER, "alice", "/"));
    meta.iam().addMember(ACCOUNT, "readers", "bob");
    meta.iam().addMember(ACCOUNT, "readers", "bob");
    meta.iam().addMember(ACCOUNT, "readers", "alice");
    meta.iam().addMember(ACCOUNT, "admins", "bob");
    assertThat(meta.iam().membersOf(ACCOUNT, "readers"))
        .extracting(IamEntity::name)
        .containsExactly("alice", "bob");
    assertThat(meta.iam().groupsOf(ACCOUNT, "bob"))
        .extracting(IamEntity::name)
        .containsExactly("admins", "readers");
    assertThat(meta.iam().removeMember(ACCOUNT, "readers", "bob")).isTrue();
    assertThat(meta.iam().removeMember(ACCOUNT, "readers", "bob")).isFalse();
    assertThat(meta.iam().groupsOf(ACCOUNT, "bob"))
        .extracting(IamEntity::name)
        .containsExactly("admins");
  }

  @Test
  void accessKeys_deactivateAndDelete() {
    meta.accessKeys()
        .create(new AccessKey("AKIAEXAMPLE0000002", ACCOUNT, "alice", new byte[] {9}, true, NOW));
    assertThat(meta.accessKeys().setActive("AKIAEXAMPLE0000002", false)).isTrue();
    assertThat(meta.accessKeys().find("AKIAEXAMPLE0000002").orElseThrow().active()).isFalse();
    assertThat(meta.accessKeys().setActive("AKIANOSUCHKEY00000", false)).isFalse();
    assertThat(meta.accessKeys().delete("AKIAEXAMPLE0000002")).isTrue();
    assertThat(meta.accessKeys().delete("AKIAEXAMPLE0000002")).isFalse();
    assertThat(meta.accessKeys().find("AKIAEXAMPLE0000002")).isEmpty();
    assertThat(meta.accessKeys().ofPrincipal(ACCOUNT, "alice")).isEmpty();
  }

  private static ManagedPolicy managed(String name) {
    return new ManagedPolicy(
        "arn:aws:iam::123456789012:policy/" + name,
        ACCOUNT,
        name,
        "ANPA" + name.toUpperCase(java.util.Locale.ROOT),
        "/",
        "d",
        "v1",
        NOW,
        NOW);
  }

  @Test
  void iamPolicies_versionsAndDefaultVersion() {
    ManagedPolicy p = managed("pull");
    assertThat(meta.iamPolicies().createPolicy(p, "{\"doc\":1}")).isTrue();
    assertThat(meta.iamPolicies().createPolicy(p, "{\"doc\":1}")).isFalse();
    assertThat(meta.iamPolicies().findPolicy(p.arn()).orElseThrow().defaultVersion())
        .isEqualTo("v1");
    assertThat(meta.iamPolicies().version(p.arn(), "v1").orElseThrow().document())
        .isEqualTo("{\"doc\":1}");
    Instant later = NOW.plusSeconds(60);
    assertThat(meta.iamPolicies().addVersion(p.arn(), "{\"doc\":2}", false, later)).isEqualTo("v2");
    assertThat(meta.iamPolicies().findPolicy(p.arn()).orElseThrow().defaultVersion())
        .isEqualTo("v1");
    assertThat(meta.iamPolicies().addVersion(p.arn(), "{\"doc\":3}", true, later)).isEqualTo("v3");
    assertThat(meta.iamPolicies().findPolicy(p.arn()).orElseThrow().defaultVersion())
        .isEqualTo("v3");
    assertThat(meta.iamPolicies().versions(p.arn()))
        .extracting(PolicyVersion::versionId)
        .containsExactlyInAnyOrder("v1", "v2", "v3");
    assertThat(meta.iamPolicies().listPolicies(ACCOUNT))
        .extracting(ManagedPolicy::name)
        .containsExactly("pull");
    assertThat(meta.iamPolicies().deletePolicy(p.arn())).isTrue();
    assertThat(meta.iamPolicies().deletePolicy(p.arn())).isFalse();
    assertThat(meta.iamPolicies().findPolicy(p.arn())).isEmpty();
    assertThat(meta.iamPolicies().versions(p.arn())).isEmpty();
  }

  @Test
  void iamPolicies_attachmentsAndInlinePolicies() {
    ManagedPolicy p = managed("push");
    meta.iamPolicies().createPolicy(p, "{}");
    String aws = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.USER, "alice", p.arn());
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.USER, "alice", p.arn());
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.USER, "alice", aws);
    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.GROUP, "alice", p.arn());
    assertThat(meta.iamPolicies().attached(ACCOUNT, IamEntity.Type.USER, "alice"))
        .containsExactlyInAnyOrder(p.arn(), aws);
    assertThat(meta.iamPolicies().attachmentCount(p.arn())).isEqualTo(2);
    assertThat(meta.iamPolicies().detach(ACCOUNT, IamEntity.Type.USER, "alice", p.arn())).isTrue();
    assertThat(meta.iamPolicies().detach(ACCOUNT, IamEntity.Type.USER, "alice", p.arn())).isFalse();
    assertThat(meta.iamPolicies().attachmentCount(p.arn())).isEqualTo(1);

    meta.iamPolicies().putInline(ACCOUNT, IamEntity.Type.ROLE, "ci", "one", "{\"a\":1}");
    meta.iamPolicies().putInline(ACCOUNT, IamEntity.Type.ROLE, "ci", "one", "{\"a\":2}");
    meta.iamPolicies().putInline(ACCOUNT, IamEntity.Type.ROLE, "ci", "two", "{\"b\":1}");
    assertThat(meta.iamPolicies().inline(ACCOUNT, IamEntity.Type.ROLE, "ci", "one"))
        .contains("{\"a\":2}");
    assertThat(meta.iamPolicies().inline(ACCOUNT, IamEntity.Type.USER, "ci", "one")).isEmpty();
    assertThat(meta.iamPolicies().inlines(ACCOUNT, IamEntity.Type.ROLE, "ci"))
        .containsOnlyKeys("one", "two");
    assertThat(meta.iamPolicies().deleteInline(ACCOUNT, IamEntity.Type.ROLE, "ci", "two")).isTrue();
    assertThat(meta.iamPolicies().deleteInline(ACCOUNT, IamEntity.Type.ROLE, "ci", "two"))
        .isFalse();

    meta.iamPolicies().attach(ACCOUNT, IamEntity.Type.ROLE, "ci", aws);
    meta.iamPolicies().removeAll(ACCOUNT, IamEntity.Type.ROLE, "ci");
    assertThat(meta.iamPolicies().attached(ACCOUNT, IamEntity.Type.ROLE, "ci")).isEmpty();
    assertThat(meta.iamPolicies().inlines(ACCOUNT, IamEntity.Type.ROLE, "ci")).isEmpty();
    assertThat(meta.iamPolicies().attached(ACCOUNT, IamEntity.Type.USER, "alice"))
        .as("other entities keep theirs")
        .containsExactly(aws);
  }

  @Test
  void resourcePolicies_onePerRepositoryAndOnePerRegistry() {
    Repository a = repo("team/a");
    Repository b = repo("team/b");
    assertThat(meta.resourcePolicies().repositoryPolicy(a.id())).isEmpty();
    meta.resourcePolicies().setRepositoryPolicy(a.id(), "{\"a\":1}");
    meta.resourcePolicies().setRepositoryPolicy(a.id(), "{\"a\":2}");
    assertThat(meta.resourcePolicies().repositoryPolicy(a.id())).contains("{\"a\":2}");
    assertThat(meta.resourcePolicies().repositoryPolicy(b.id())).isEmpty();
    assertThat(meta.resourcePolicies().deleteRepositoryPolicy(a.id())).isTrue();
    assertThat(meta.resourcePolicies().deleteRepositoryPolicy(a.id())).isFalse();
    assertThat(meta.resourcePolicies().repositoryPolicy(a.id())).isEmpty();

    AccountId other = new AccountId("210987654321");
    meta.accounts().ensure(other, NOW);
    meta.resourcePolicies().setRegistryPolicy(REGISTRY, "{\"r\":1}");
    meta.resourcePolicies().setRegistryPolicy(REGISTRY, "{\"r\":2}");
    assertThat(meta.resourcePolicies().registryPolicy(REGISTRY)).contains("{\"r\":2}");
    assertThat(meta.resourcePolicies().registryPolicy(new RegistryId(other, "us-east-1")))
        .isEmpty();
    assertThat(meta.resourcePolicies().deleteRegistryPolicy(REGISTRY)).isTrue();
    assertThat(meta.resourcePolicies().deleteRegistryPolicy(REGISTRY)).isFalse();
  }

  @Test
  void sessions_areFoundUntilPurgedAfterExpiry() {
    StsSession early =
        new StsSession(
            "ASIAEXAMPLE0000001",
            ACCOUNT,
            "arn:aws:sts::123456789012:assumed-role/ci/run",
            "arn:aws:iam::123456789012:role/ci",
            "run",
            new byte[] {4, 5},
            "token-1",
            NOW.plusSeconds(900));
    StsSession late =
        new StsSession(
            "ASIAEXAMPLE0000002",
            ACCOUNT,
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:user/alice",
            "",
            new byte[] {6},
            "token-2",
            NOW.plusSeconds(3600));
    meta.sessions().create(early);
    meta.sessions().create(late);
    StsSession found = meta.sessions().find("ASIAEXAMPLE0000001").orElseThrow();
    assertThat(found.secretCiphertext()).containsExactly(4, 5);
    assertThat(found.sessionToken()).isEqualTo("token-1");
    assertThat(found.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    assertThat(found.sourceArn()).isEqualTo("arn:aws:iam::123456789012:role/ci");
    assertThat(meta.sessions().purgeExpired(NOW.plusSeconds(899))).isZero();
    assertThat(meta.sessions().purgeExpired(NOW.plusSeconds(901))).isEqualTo(1);
    assertThat(meta.sessions().find("ASIAEXAMPLE0000001")).isEmpty();
    assertThat(meta.sessions().find("ASIAEXAMPLE0000002")).isPresent();
  }
}
