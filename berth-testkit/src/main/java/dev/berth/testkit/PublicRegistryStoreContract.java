package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.common.Ids;
import dev.berth.meta.GalleryEntry;
import dev.berth.meta.PublicRegistry;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.model.RepositorySettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Public registries and catalog data ({@code PublicRegistryStore}), on every metadata backend. */
public abstract class PublicRegistryStoreContract extends MetadataFixture {
  private static final AccountId OTHER = new AccountId("210987654321");

  private Repository publicRepo(AccountId account, String name) {
    Repository r =
        new Repository(
            Ids.uuid(),
            RegistryId.publicRegistry(account),
            new RepositoryName(name),
            NOW,
            RepositorySettings.defaults());
    assertThat(meta.repositories().create(r)).isTrue();
    return r;
  }

  @Test
  void aliases_areUniqueAcrossRegistries_andChangeOnlyToAFreeOne() {
    meta.accounts().ensure(OTHER, NOW);
    assertThat(meta.publicRegistries().create(new PublicRegistry(ACCOUNT, "team", true, "", NOW)))
        .isTrue();
    assertThat(meta.publicRegistries().create(new PublicRegistry(OTHER, "team", true, "", NOW)))
        .isFalse();
    assertThat(meta.publicRegistries().create(new PublicRegistry(ACCOUNT, "again", true, "", NOW)))
        .isFalse();
    assertThat(meta.publicRegistries().create(new PublicRegistry(OTHER, "other", true, "", NOW)))
        .isTrue();

    assertThat(meta.publicRegistries().setAlias(OTHER, "team")).isFalse();
    assertThat(meta.publicRegistries().setAlias(OTHER, "mine")).isTrue();
    assertThat(meta.publicRegistries().byAlias("mine").map(PublicRegistry::account))
        .contains(OTHER);
    assertThat(meta.publicRegistries().find(OTHER).map(PublicRegistry::aliasIsDefault))
        .contains(false);
    assertThat(meta.publicRegistries().byAlias("other")).isEmpty();
    meta.publicRegistries().setDisplayName(ACCOUNT, "Team A");
    assertThat(meta.publicRegistries().find(ACCOUNT).map(PublicRegistry::displayName))
        .contains("Team A");
  }

  @Test
  void catalog_keepsItsPullCount_logoBytesAndIsFoundBySearch() {
    meta.publicRegistries().create(new PublicRegistry(ACCOUNT, "acme", true, "", NOW));
    Repository tool = publicRepo(ACCOUNT, "tools/widget");
    Repository other = publicRepo(ACCOUNT, "other");
    Repository hidden = repo("tools/private-widget");
    meta.publicRegistries().addPulls(tool.id(), 3);
    byte[] logo = {(byte) 0x89, 'P', 'N', 'G'};
    RepositoryCatalog catalog =
        new RepositoryCatalog(
            Optional.of("Makes 100% widgets"),
            Optional.of("# About"),
            Optional.empty(),
            List.of("x86-64", "ARM 64"),
            List.of("Linux"),
            Optional.of("image/png"),
            0,
            NOW);
    meta.publicRegistries().putCatalog(tool.id(), catalog, Optional.of(logo));
    meta.publicRegistries().addPulls(tool.id(), 2);

    RepositoryCatalog stored = meta.publicRegistries().catalog(tool.id()).orElseThrow();
    assertThat(stored.description()).contains("Makes 100% widgets");
    assertThat(stored.architectures()).containsExactly("x86-64", "ARM 64");
    assertThat(stored.pulls()).isEqualTo(5);
    assertThat(meta.publicRegistries().logo(tool.id()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(logo));
    assertThat(meta.publicRegistries().catalog(other.id())).isEmpty();

    assertThat(meta.publicRegistries().search("WIDGET", 10))
        .extracting(e -> e.repository().name().value())
        .containsExactly("tools/widget");
    assertThat(meta.publicRegistries().search("arm 64", 10)).hasSize(1);
    assertThat(meta.publicRegistries().search("100%", 10)).hasSize(1);
    assertThat(meta.publicRegistries().search("1_0", 10)).isEmpty();
    assertThat(meta.publicRegistries().search("", 10))
        .extracting(GalleryEntry::alias, e -> e.repository().name().value())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("acme", "other"),
            org.assertj.core.groups.Tuple.tuple("acme", "tools/widget"));
    assertThat(meta.publicRegistries().search("private", 10)).isEmpty();
    assertThat(hidden.registry().isPublic()).isFalse();

    meta.publicRegistries()
        .putCatalog(
            tool.id(),
            new RepositoryCatalog(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty(),
                0,
                NOW),
            Optional.empty());
    assertThat(meta.publicRegistries().logo(tool.id())).isEmpty();
    assertThat(meta.publicRegistries().catalog(tool.id()).orElseThrow().pulls()).isEqualTo(5);
    assertThat(meta.repositories().delete(tool.id())).isTrue();
    assertThat(meta.publicRegistries().catalog(tool.id())).isEmpty();
  }
}
