package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RepositoryService on a SQLite store (issue 9, item 24): create, find, list, delete, settings,
 * resource tags and policies, with ECR's errors.
 */
class RepositoryServiceTest {
  private static final AccountId ACCOUNT = new AccountId("111122223333");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "eu-west-1");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;
  private MetadataStore meta;
  private RepositoryService repos;

  @BeforeEach
  void open() {
    meta = JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
    repos = new RepositoryService(meta, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private Repository create(String name) {
    return repos.create(REGISTRY, RepositoryService.name(name), ImageTagMutability.MUTABLE, false);
  }

  @Test
  void name_rejectsAnInvalidNameWithNameInvalid() {
    assertThat(RepositoryService.name("team/app").value()).isEqualTo("team/app");
    assertThatThrownBy(() -> RepositoryService.name("Team//App"))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.NAME_INVALID);
  }

  @Test
  void create_storesSettingsAndTagsAndRejectsADuplicate() {
    RepositorySettings d = RepositorySettings.defaults();
    Repository r =
        repos.create(
            REGISTRY,
            RepositoryService.name("team/app"),
            new RepositorySettings(
                ImageTagMutability.IMMUTABLE, List.of(), true, d.encryptionType(), d.kmsKey()),
            Map.of("env", "prod"));
    assertThat(r.createdAt()).isEqualTo(NOW);
    assertThat(r.arn()).isEqualTo("arn:aws:ecr:eu-west-1:111122223333:repository/team/app");
    Repository found = repos.get(REGISTRY, r.name());
    assertThat(found.id()).isEqualTo(r.id());
    assertThat(found.settings().tagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
    assertThat(repos.tags(found)).containsExactly(Map.entry("env", "prod"));
    assertThatThrownBy(() -> create("team/app"))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.REPOSITORY_ALREADY_EXISTS);
  }

  @Test
  void get_ofAnAbsentRepositoryIsRepositoryNotFound() {
    assertThat(repos.find(REGISTRY, new RepositoryName("nope"))).isEmpty();
    assertThatThrownBy(() -> repos.get(REGISTRY, new RepositoryName("nope")))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.REPOSITORY_NOT_FOUND);
    create("nope");
    assertThat(
            repos.find(
                new RegistryId(new AccountId("999999999999"), "eu-west-1"),
                new RepositoryName("nope")))
        .isEmpty();
  }

  @Test
  void list_pagesInNameOrder() {
    for (String n : List.of("t/c", "t/a", "t/e", "t/b", "t/d")) {
      create(n);
    }
    var first = repos.list(REGISTRY, Optional.empty(), 2);
    assertThat(first.items()).extracting(r -> r.name().value()).containsExactly("t/a", "t/b");
    var rest = repos.list(REGISTRY, first.next(), 10);
    assertThat(rest.items()).extracting(r -> r.name().value()).containsExactly("t/c", "t/d", "t/e");
  }

  @Test
  void delete_removesTheRepositoryAndItsTags() {
    Repository r = create("team/app");
    repos.tag(r, Map.of("a", "1"), 50);
    assertThat(repos.delete(REGISTRY, r.name(), false).id()).isEqualTo(r.id());
    assertThat(repos.find(REGISTRY, r.name())).isEmpty();
    assertThat(repos.tags(r)).isEmpty();
    assertThatThrownBy(() -> repos.delete(REGISTRY, r.name(), false))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.REPOSITORY_NOT_FOUND);
    assertThat(create("team/app").id()).as("the name is free again").isNotEqualTo(r.id());
  }

  @Test
  void setTagMutability_isVisibleAtOnce() {
    Repository r = create("team/app");
    repos.find(REGISTRY, r.name());
    repos.setTagMutability(REGISTRY, r.name(), ImageTagMutability.IMMUTABLE, List.of());
    assertThat(repos.get(REGISTRY, r.name()).settings().tagMutability())
        .isEqualTo(ImageTagMutability.IMMUTABLE);
  }

  @Test
  void tags_mergeUpToTheLimitAndUntag() {
    Repository r = create("team/app");
    repos.tag(r, Map.of("a", "1", "b", "2"), 3);
    repos.tag(r, Map.of("a", "9"), 3);
    assertThat(repos.tags(r)).containsOnly(Map.entry("a", "9"), Map.entry("b", "2"));
    assertThatThrownBy(() -> repos.tag(r, Map.of("c", "3", "d", "4"), 3))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.LIMIT_EXCEEDED);
    assertThat(repos.tags(r)).as("a rejected tagging changes nothing").hasSize(2);
    repos.untag(r, List.of("a", "zz"));
    assertThat(repos.tags(r)).containsOnly(Map.entry("b", "2"));
  }

  @Test
  void policies_ofRepositoryAndRegistry() {
    Repository r = create("team/app");
    assertThatThrownBy(() -> repos.policy(r))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.NO_SUCH_ENTITY);
    repos.setPolicy(r, "{\"Statement\":[]}");
    assertThat(repos.findPolicy(r)).contains("{\"Statement\":[]}");
    assertThat(repos.deletePolicy(r)).isEqualTo("{\"Statement\":[]}");
    assertThat(repos.findPolicy(r)).isEmpty();

    AccountId other = new AccountId("444455556666");
    repos.setRegistryPolicy(new RegistryId(other, "eu-west-1"), "{}");
    assertThat(repos.registryPolicy(new RegistryId(other, "eu-west-1"))).contains("{}");
    assertThat(repos.registryPolicy(REGISTRY)).isEmpty();
    assertThat(repos.deleteRegistryPolicy(new RegistryId(other, "eu-west-1"))).isTrue();
    assertThat(repos.deleteRegistryPolicy(new RegistryId(other, "eu-west-1"))).isFalse();
  }
}
