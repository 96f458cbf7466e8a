package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.PullThroughRule;
import dev.berth.model.RegistryId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pull-through cache rule port ({@code PullThroughRuleStore}), on every metadata backend. */
public abstract class PullThroughRuleStoreContract extends MetadataFixture {
  private static PullThroughRule rule(RegistryId registry, String prefix, Optional<String> cred) {
    return new PullThroughRule(
        registry, prefix, "http://127.0.0.1:5001", "oci", "ROOT", cred, Optional.empty(), NOW, NOW);
  }

  @Test
  void rules_areUniquePerRegistryAndPrefix_listedInPrefixOrder_updatedAndDeleted() {
    PullThroughRule hub = rule(REGISTRY, "hub", Optional.of("arn:secret"));
    assertThat(meta.pullThroughRules().insert(hub)).isTrue();
    assertThat(meta.pullThroughRules().insert(rule(REGISTRY, "hub", Optional.empty()))).isFalse();
    RegistryId elsewhere = new RegistryId(ACCOUNT, "eu-west-1");
    assertThat(meta.pullThroughRules().insert(rule(elsewhere, "hub", Optional.empty()))).isTrue();
    assertThat(meta.pullThroughRules().insert(rule(REGISTRY, "ecr-public", Optional.empty())))
        .isTrue();

    assertThat(meta.pullThroughRules().find(REGISTRY, "hub")).contains(hub);
    assertThat(meta.pullThroughRules().list(REGISTRY))
        .extracting(PullThroughRule::ecrRepositoryPrefix)
        .containsExactly("ecr-public", "hub");
    assertThat(meta.pullThroughRules().list(elsewhere)).hasSize(1);

    PullThroughRule updated =
        hub.updated(Optional.empty(), Optional.of("arn:role"), NOW.plusSeconds(5));
    assertThat(meta.pullThroughRules().update(updated)).isTrue();
    assertThat(meta.pullThroughRules().find(REGISTRY, "hub")).contains(updated);

    assertThat(meta.pullThroughRules().delete(REGISTRY, "hub")).isTrue();
    assertThat(meta.pullThroughRules().delete(REGISTRY, "hub")).isFalse();
    assertThat(meta.pullThroughRules().update(updated)).isFalse();
    assertThat(meta.pullThroughRules().find(REGISTRY, "hub")).isEmpty();
    meta.pullThroughRules().delete(REGISTRY, "ecr-public");
    meta.pullThroughRules().delete(elsewhere, "hub");
  }
}
