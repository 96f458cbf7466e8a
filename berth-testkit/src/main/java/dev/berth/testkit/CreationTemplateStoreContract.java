package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.AppliedFor;
import dev.berth.model.CreationTemplate;
import dev.berth.model.ImageTagMutability;
import dev.berth.model.Page;
import dev.berth.model.RegistryId;
import dev.berth.model.RepositorySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The repository creation template port ({@code CreationTemplateStore}) on every backend. */
public abstract class CreationTemplateStoreContract extends MetadataFixture {
  private static final RegistryId WEST = new RegistryId(ACCOUNT, "eu-west-1");

  private static CreationTemplate bare(String prefix) {
    return new CreationTemplate(
        prefix,
        Optional.empty(),
        List.of(AppliedFor.CREATE_ON_PUSH),
        RepositorySettings.defaults(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        NOW,
        NOW);
  }

  private static CreationTemplate full(String prefix) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "platform");
    tags.put("cost", "");
    tags.put("a", "1");
    return new CreationTemplate(
        prefix,
        Optional.of("production images"),
        List.of(AppliedFor.REPLICATION, AppliedFor.CREATE_ON_PUSH),
        new RepositorySettings(
            ImageTagMutability.IMMUTABLE_WITH_EXCLUSION,
            List.of("latest", "dev-*"),
            false,
            "KMS",
            Optional.of("arn:aws:kms:us-east-1:123456789012:key/abc-123")),
        tags,
        Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
        Optional.of("{\"rules\":[]}"),
        Optional.of("arn:aws:iam::123456789012:role/ecr-templates"),
        NOW,
        NOW.plusSeconds(5));
  }

  @Test
  void create_storesEveryField_andIsUniquePerRegistryAndPrefix() {
    CreationTemplate t = full("prod");
    assertThat(meta.creationTemplates().create(REGISTRY, t)).isTrue();
    assertThat(meta.creationTemplates().create(REGISTRY, bare("prod"))).isFalse();
    assertThat(meta.creationTemplates().create(WEST, bare("prod"))).as("another region").isTrue();

    CreationTemplate read = meta.creationTemplates().find(REGISTRY, "prod").orElseThrow();
    assertThat(read).isEqualTo(t);
    assertThat(read.resourceTags().keySet()).containsExactly("team", "cost", "a");
    assertThat(meta.creationTemplates().find(WEST, "prod")).contains(bare("prod"));
    assertThat(meta.creationTemplates().find(REGISTRY, "prod/")).isEmpty();
  }

  @Test
  void update_replacesTheTemplate_andMissesAnAbsentOne() {
    meta.creationTemplates().create(REGISTRY, bare("ROOT"));
    CreationTemplate changed = full("ROOT");
    assertThat(meta.creationTemplates().update(REGISTRY, changed)).isTrue();
    assertThat(meta.creationTemplates().find(REGISTRY, "ROOT")).contains(changed);
    assertThat(meta.creationTemplates().update(REGISTRY, bare("ROOT"))).isTrue();
    assertThat(meta.creationTemplates().find(REGISTRY, "ROOT")).contains(bare("ROOT"));
    assertThat(meta.creationTemplates().update(WEST, bare("ROOT"))).isFalse();
    assertThat(meta.creationTemplates().find(WEST, "ROOT")).isEmpty();
  }

  @Test
  void delete_removesOnlyThatTemplate() {
    meta.creationTemplates().create(REGISTRY, bare("a"));
    meta.creationTemplates().create(REGISTRY, bare("b"));
    meta.creationTemplates().create(WEST, bare("a"));
    assertThat(meta.creationTemplates().delete(REGISTRY, "a")).isTrue();
    assertThat(meta.creationTemplates().delete(REGISTRY, "a")).isFalse();
    assertThat(meta.creationTemplates().all(REGISTRY))
        .extracting(CreationTemplate::prefix)
        .containsExactly("b");
    assertThat(meta.creationTemplates().all(WEST))
        .extracting(CreationTemplate::prefix)
        .containsExactly("a");
  }

  @Test
  void list_pagesInPrefixOrder_andCountsPerRegistry() {
    for (String p : List.of("team/b", "ROOT", "team/a", "prod", "team")) {
      meta.creationTemplates().create(REGISTRY, bare(p));
    }
    meta.creationTemplates().create(WEST, bare("other"));
    Page<CreationTemplate> first = meta.creationTemplates().list(REGISTRY, Optional.empty(), 2);
    assertThat(first.items()).extracting(CreationTemplate::prefix).containsExactly("ROOT", "prod");
    Page<CreationTemplate> second = meta.creationTemplates().list(REGISTRY, first.next(), 2);
    assertThat(second.items())
        .extracting(CreationTemplate::prefix)
        .containsExactly("team", "team/a");
    Page<CreationTemplate> last = meta.creationTemplates().list(REGISTRY, second.next(), 2);
    assertThat(last.items()).extracting(CreationTemplate::prefix).containsExactly("team/b");
    assertThat(last.next()).isEmpty();
    assertThat(meta.creationTemplates().all(REGISTRY)).hasSize(5);
    assertThat(meta.creationTemplates().count(REGISTRY)).isEqualTo(5);
    assertThat(meta.creationTemplates().count(WEST)).isEqualTo(1);
  }
}
