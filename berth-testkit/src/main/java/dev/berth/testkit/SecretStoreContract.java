package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.SecretVersion;
import dev.berth.meta.StoredSecret;
import dev.berth.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Secrets Manager port ({@code SecretStore}), run against every metadata backend. */
public abstract class SecretStoreContract extends MetadataFixture {
  private static final String REGION = "us-east-1";

  private static StoredSecret secret(String name, String suffix, int secondsAfterNow) {
    return new StoredSecret(
        "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT.value() + ":secret:" + name + suffix,
        ACCOUNT,
        REGION,
        name,
        Optional.empty(),
        Optional.empty(),
        NOW.plusSeconds(secondsAfterNow),
        NOW.plusSeconds(secondsAfterNow),
        Optional.empty());
  }

  private static SecretVersion version(String id, String value) {
    return new SecretVersion(id, false, value.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void create_isUniquePerAccountRegionAndName_andFindsByNameOrArn() {
    StoredSecret s = secret("ecr-pullthroughcache/hub", "-AbC123", 0);
    assertThat(meta.secrets().create(s)).isTrue();
    assertThat(meta.secrets().create(secret("ecr-pullthroughcache/hub", "-XyZ789", 1)))
        .as("same name, same account and region")
        .isFalse();
    StoredSecret elsewhere =
        new StoredSecret(
            s.arn().replace(REGION, "eu-west-1"),
            ACCOUNT,
            "eu-west-1",
            s.name(),
            Optional.empty(),
            Optional.empty(),
            NOW,
            NOW,
            Optional.empty());
    assertThat(meta.secrets().create(elsewhere)).as("another region").isTrue();

    assertThat(meta.secrets().find(ACCOUNT, REGION, s.name())).contains(s);
    assertThat(meta.secrets().findByArn(s.arn())).contains(s);
    assertThat(meta.secrets().find(ACCOUNT, "eu-west-1", s.name())).contains(elsewhere);
    assertThat(meta.secrets().find(ACCOUNT, REGION, "other")).isEmpty();
    assertThat(meta.secrets().find(new AccountId("210987654321"), REGION, s.name())).isEmpty();
    assertThat(meta.secrets().findByArn(s.arn() + "x")).isEmpty();
    meta.secrets().delete(elsewhere.arn());
    meta.secrets().delete(s.arn());
  }

  @Test
  void list_isOldestFirstThenByName_withinTheAccountAndRegion() {
    StoredSecret b = secret("b", "-aaaaaa", 0);
    StoredSecret a = secret("a", "-bbbbbb", 0);
    StoredSecret older = secret("z", "-cccccc", -10);
    meta.secrets().create(b);
    meta.secrets().create(a);
    meta.secrets().create(older);
    assertThat(meta.secrets().list(ACCOUNT, REGION)).containsExactly(older, a, b);
    assertThat(meta.secrets().list(ACCOUNT, "eu-west-1")).isEmpty();
    for (StoredSecret s : meta.secrets().list(ACCOUNT, REGION)) {
      assertThat(meta.secrets().delete(s.arn())).isTrue();
    }
  }

  @Test
  void update_replacesDescriptionKeyChangeTimeAndDeletionDate() {
    StoredSecret s = secret("app", "-dDdDdD", 0);
    meta.secrets().create(s);
    StoredSecret changed =
        new StoredSecret(
            s.arn(),
            ACCOUNT,
            REGION,
            s.name(),
            Optional.of("the hub login"),
            Optional.of("alias/mine"),
            s.createdAt(),
            NOW.plusSeconds(60),
            Optional.of(NOW.plusSeconds(86_400)));
    assertThat(meta.secrets().update(changed)).isTrue();
    assertThat(meta.secrets().findByArn(s.arn())).contains(changed);
    StoredSecret restored = changed.deletion(Optional.empty(), NOW.plusSeconds(120));
    assertThat(meta.secrets().update(restored)).isTrue();
    assertThat(meta.secrets().findByArn(s.arn())).contains(restored);
    assertThat(meta.secrets().update(secret("absent", "-eeeeee", 0))).isFalse();
    meta.secrets().delete(s.arn());
  }

  @Test
  void versions_areAddedOncePerId_andKeepTheirCiphertext() {
    StoredSecret s = secret("app", "-fFfFfF", 0);
    meta.secrets().create(s);
    SecretVersion v1 = version("11111111-1111-1111-1111-111111111111", "one");
    assertThat(meta.secrets().addVersion(s.arn(), v1)).isTrue();
    assertThat(meta.secrets().addVersion(s.arn(), version(v1.versionId(), "other"))).isFalse();
    SecretVersion binary =
        new SecretVersion("22222222-2222-2222-2222-222222222222", true, new byte[] {0, 1, 2}, NOW);
    meta.secrets().addVersion(s.arn(), binary);

    SecretVersion read = meta.secrets().version(s.arn(), v1.versionId()).orElseThrow();
    assertThat(read.ciphertext()).isEqualTo(v1.ciphertext());
    assertThat(read.binary()).isFalse();
    assertThat(read.createdAt()).isEqualTo(NOW);
    SecretVersion readBinary = meta.secrets().version(s.arn(), binary.versionId()).orElseThrow();
    assertThat(readBinary.binary()).isTrue();
    assertThat(readBinary.ciphertext()).containsExactly(0, 1, 2);
    assertThat(meta.secrets().version(s.arn(), "absent")).isEmpty();
    meta.secrets().delete(s.arn());
  }

  @Test
  void versions_listOldestFirst_andDeleteOneByOne() {
    StoredSecret s = secret("app", "-hHhHhH", 0);
    meta.secrets().create(s);
    meta.secrets()
        .addVersion(
            s.arn(), new SecretVersion("b-later", false, new byte[] {2}, NOW.plusSeconds(1)));
    meta.secrets().addVersion(s.arn(), new SecretVersion("a-first", false, new byte[] {1}, NOW));
    assertThat(meta.secrets().versions(s.arn()))
        .extracting(SecretVersion::versionId)
        .containsExactly("a-first", "b-later");
    assertThat(meta.secrets().deleteVersion(s.arn(), "a-first")).isTrue();
    assertThat(meta.secrets().deleteVersion(s.arn(), "a-first")).isFalse();
    assertThat(meta.secrets().versions(s.arn()))
        .extracting(SecretVersion::versionId)
        .containsExactly("b-later");
    meta.secrets().delete(s.arn());
  }

  @Test
  void stages_areReplacedWhole_andGoWithTheSecret() {
    StoredSecret s = secret("app", "-gGgGgG", 0);
    meta.secrets().create(s);
    meta.secrets().addVersion(s.arn(), version("v1-0000000000000000000000000000000", "one"));
    meta.secrets().addVersion(s.arn(), version("v2-0000000000000000000000000000000", "two"));
    assertThat(meta.secrets().stages(s.arn())).isEmpty();

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("AWSCURRENT", "v1-0000000000000000000000000000000");
    meta.secrets().setStages(s.arn(), labels);
    assertThat(meta.secrets().stages(s.arn()))
        .containsExactly(Map.entry("AWSCURRENT", "v1-0000000000000000000000000000000"));

    labels.put("AWSCURRENT", "v2-0000000000000000000000000000000");
    labels.put("AWSPREVIOUS", "v1-0000000000000000000000000000000");
    labels.put("Beta", "v2-0000000000000000000000000000000");
    meta.secrets().setStages(s.arn(), labels);
    assertThat(meta.secrets().stages(s.arn()))
        .containsExactly(
            Map.entry("AWSCURRENT", "v2-0000000000000000000000000000000"),
            Map.entry("AWSPREVIOUS", "v1-0000000000000000000000000000000"),
            Map.entry("Beta", "v2-0000000000000000000000000000000"));

    assertThat(meta.secrets().delete(s.arn())).isTrue();
    assertThat(meta.secrets().delete(s.arn())).isFalse();
    assertThat(meta.secrets().findByArn(s.arn())).isEmpty();
    assertThat(meta.secrets().stages(s.arn())).isEmpty();
    assertThat(meta.secrets().version(s.arn(), "v1-0000000000000000000000000000000")).isEmpty();

    assertThat(meta.secrets().create(s)).as("the name is free again").isTrue();
    assertThat(meta.secrets().version(s.arn(), "v1-0000000000000000000000000000000"))
        .as("no version survives a deletion")
        .isEmpty();
    meta.secrets().delete(s.arn());
  }
}
