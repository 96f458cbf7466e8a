package dev.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.AppliedFor;
import dev.berth.model.CreationTemplate;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import dev.berth.registry.RepositoryService;
import dev.berth.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates over SQLite (and PostgreSQL, in a subclass): prefix matching as ECR documents it, and
 * repositories made from them.
 */
class CreationTemplateServiceTest {
  private static final RegistryId REGISTRY =
      new RegistryId(new AccountId("000000000000"), "us-east-1");
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
          + "\"Action\":\"ecr:BatchGetImage\"}]}";
  private static final String LIFECYCLE =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":"
          + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

  @TempDir Path dir;
  private final TestClock clock = TestClock.system();
  private MetadataStore meta;
  private RepositoryService repositories;
  private CreationTemplateService templates;

  /** The metadata store the service runs on: SQLite here, PostgreSQL in the subclass. */
  MetadataStore newStore(Path dir) {
    return JdbcMetadata.open("jdbc:sqlite:" + dir.resolve("b.db"));
  }

  @BeforeEach
  void open() {
    meta = newStore(dir);
    repositories = new RepositoryService(meta, clock);
    templates = new CreationTemplateService(meta, repositories, clock);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private static CreationTemplate template(String prefix, AppliedFor... uses) {
    return new CreationTemplate(
        prefix,
        Optional.of("for " + prefix),
        List.of(uses),
        RepositorySettings.defaults(),
        Map.of("template", prefix),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        clock0(),
        clock0());
  }

  private static java.time.Instant clock0() {
    return java.time.Instant.EPOCH;
  }

  private Optional<String> matched(String name, AppliedFor use) {
    return templates.match(REGISTRY, new RepositoryName(name), use).map(CreationTemplate::prefix);
  }

  @Test
  void match_takesTheLongestPrefixWithItsAssumedSlash_andRootForTheRest() {
    templates.create(REGISTRY, template("ROOT", AppliedFor.CREATE_ON_PUSH));
    templates.create(REGISTRY, template("prod", AppliedFor.CREATE_ON_PUSH));
    templates.create(REGISTRY, template("prod/team/", AppliedFor.CREATE_ON_PUSH));

    assertThat(matched("prod/app", AppliedFor.CREATE_ON_PUSH)).contains("prod");
    assertThat(matched("prod/team/app", AppliedFor.CREATE_ON_PUSH)).contains("prod/team/");
    assertThat(matched("prod/teams/app", AppliedFor.CREATE_ON_PUSH)).contains("prod");
    assertThat(matched("production/app", AppliedFor.CREATE_ON_PUSH)).contains("ROOT");
    assertThat(matched("prod", AppliedFor.CREATE_ON_PUSH))
        .as("prod is not under prod/")
        .contains("ROOT");
    assertThat(matched("other", AppliedFor.CREATE_ON_PUSH)).contains("ROOT");
  }

  @Test
  void match_considersOnlyTemplatesAppliedForTheScenario() {
    templates.create(REGISTRY, template("prod", AppliedFor.REPLICATION));
    assertThat(matched("prod/app", AppliedFor.CREATE_ON_PUSH)).isEmpty();
    templates.create(REGISTRY, template("ROOT", AppliedFor.CREATE_ON_PUSH));
    assertThat(matched("prod/app", AppliedFor.CREATE_ON_PUSH)).contains("ROOT");
    assertThat(matched("prod/app", AppliedFor.REPLICATION)).contains("prod");
    assertThat(matched("dev/app", AppliedFor.PULL_THROUGH_CACHE)).isEmpty();
    assertThat(
            templates.match(
                new RegistryId(REGISTRY.account(), "eu-west-1"),
                new RepositoryName("dev/app"),
                AppliedFor.CREATE_ON_PUSH))
        .as("templates are per region")
        .isEmpty();
  }

  @Test
  void createFromTemplate_appliesEverySetting_inOneGo() {
    CreationTemplate t =
        new CreationTemplate(
            "prod",
            Optional.empty(),
            List.of(AppliedFor.CREATE_ON_PUSH),
            new RepositorySettings(
                ImageTagMutability.IMMUTABLE_WITH_EXCLUSION,
                List.of("latest"),
                false,
                "KMS",
                Optional.empty()),
            Map.of("team", "platform"),
            Optional.of(POLICY),
            Optional.of(LIFECYCLE),
            Optional.empty(),
            clock0(),
            clock0());
    templates.create(REGISTRY, t);

    Repository repo =
        templates.createFromTemplate(
            REGISTRY, new RepositoryName("prod/app"), AppliedFor.CREATE_ON_PUSH);

    assertThat(repo.settings().tagMutability())
        .isEqualTo(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION);
    assertThat(repo.settings().exclusionFilters()).containsExactly("latest");
    assertThat(repo.settings().encryptionType()).isEqualTo("KMS");
    assertThat(repo.settings().kmsKey())
        .contains("arn:aws:kms:us-east-1:000000000000:alias/aws/ecr");
    assertThat(repositories.tags(repo)).isEqualTo(Map.of("team", "platform"));
    assertThat(repositories.findPolicy(repo)).contains(POLICY);
    assertThat(meta.lifecycle().policy(repo.id()).orElseThrow().text()).isEqualTo(LIFECYCLE);
  }

  @Test
  void createFromTemplate_withoutATemplate_usesEcrDefaults() {
    templates.create(REGISTRY, template("prod", AppliedFor.REPLICATION));
    Repository repo =
        templates.createFromTemplate(
            REGISTRY, new RepositoryName("prod/app"), AppliedFor.CREATE_ON_PUSH);
    assertThat(repo.settings()).isEqualTo(RepositorySettings.defaults());
    assertThat(repositories.tags(repo)).isEmpty();
    assertThat(repositories.findPolicy(repo)).isEmpty();
    assertThat(meta.lifecycle().policy(repo.id())).isEmpty();
  }

  @Test
  void createFromTemplate_racingCreators_allGetTheOneRepository() throws Exception {
    templates.create(REGISTRY, template("ROOT", AppliedFor.CREATE_ON_PUSH));
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Repository>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Repository> create =
            () -> {
              go.await();
              return templates.createFromTemplate(
                  REGISTRY, new RepositoryName("team/app"), AppliedFor.CREATE_ON_PUSH);
            };
        results.add(pool.submit(create));
      }
      go.countDown();
      List<String> ids = new ArrayList<>();
      for (Future<Repository> f : results) {
        ids.add(f.get().id());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(repositories.tags(repositories.get(REGISTRY, new RepositoryName("team/app"))))
          .containsEntry("template", "ROOT");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void create_refusesTheSameNamespaceTwice_andMoreThanTheQuota() {
    templates.create(REGISTRY, template("prod", AppliedFor.CREATE_ON_PUSH));
    assertThatThrownBy(() -> templates.create(REGISTRY, template("prod/", AppliedFor.REPLICATION)))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.ENTITY_ALREADY_EXISTS);
    for (int i = 1; i < CreationTemplateService.LIMIT; i++) {
      templates.create(REGISTRY, template("t" + i, AppliedFor.CREATE_ON_PUSH));
    }
    assertThatThrownBy(
            () -> templates.create(REGISTRY, template("one-more", AppliedFor.REPLICATION)))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.LIMIT_EXCEEDED);
    assertThat(meta.creationTemplates().count(REGISTRY)).isEqualTo(CreationTemplateService.LIMIT);
  }

  @Test
  void update_keepsCreatedAt_movesUpdatedAt_andValidatesTheLifecyclePolicy() {
    CreationTemplate created = templates.create(REGISTRY, template("prod", AppliedFor.REPLICATION));
    clock.advance(Duration.ofMinutes(1));
    CreationTemplate updated =
        templates.update(
            REGISTRY,
            "prod/",
            old ->
                new CreationTemplate(
                    old.prefix(),
                    Optional.of("changed"),
                    old.appliedFor(),
                    old.settings(),
                    old.resourceTags(),
                    old.repositoryPolicy(),
                    old.lifecyclePolicy(),
                    old.customRoleArn(),
                    old.createdAt(),
                    old.updatedAt()));
    assertThat(updated.createdAt()).isEqualTo(created.createdAt());
    assertThat(updated.updatedAt()).isAfter(created.createdAt());
    assertThat(templates.get(REGISTRY, "prod").description()).contains("changed");

    CreationTemplate bad =
        new CreationTemplate(
            "dev",
            Optional.empty(),
            List.of(AppliedFor.REPLICATION),
            RepositorySettings.defaults(),
            Map.of(),
            Optional.empty(),
            Optional.of("{\"rules\":[]}"),
            Optional.empty(),
            clock0(),
            clock0());
    assertThatThrownBy(() -> templates.create(REGISTRY, bad))
        .hasMessageContaining("Lifecycle policy validation failure");
    assertThatThrownBy(() -> templates.delete(REGISTRY, "dev"))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.NO_SUCH_ENTITY);
    assertThat(templates.delete(REGISTRY, "prod").prefix()).isEqualTo("prod");
    assertThat(templates.find(REGISTRY, "prod")).isEmpty();
  }
}
