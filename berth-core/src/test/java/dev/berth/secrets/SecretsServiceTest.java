package dev.berth.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The version and staging-label rules of Secrets Manager, over a real SQLite store. */
class SecretsServiceTest extends SecretsFixture {
  @Test
  void create_givesAnArnWithSixRandomAlphanumerics_andTheFirstVersionIsCurrent() {
    WrittenVersion w = create("ecr-pullthroughcache/hub", "{\"username\":\"u\"}");
    assertThat(w.secret().arn())
        .matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache/hub-[A-Za-z0-9]{6}");
    assertThat(w.versionId()).contains(T1);
    assertThat(w.stages()).containsExactly("AWSCURRENT");
    VersionedValue v = secrets.value(SCOPE, "ecr-pullthroughcache/hub", VersionSelector.current());
    assertThat(v.value()).isEqualTo(text("{\"username\":\"u\"}"));
    assertThat(v.stages()).containsExactly("AWSCURRENT");
    assertThat(secrets.value(SCOPE, w.secret().arn(), VersionSelector.current()).versionId())
        .as("by full ARN")
        .isEqualTo(T1);
    String partial = w.secret().arn().substring(0, w.secret().arn().length() - 7);
    assertThat(secrets.value(SCOPE, partial, VersionSelector.current()).versionId())
        .as("by ARN without the suffix")
        .isEqualTo(T1);
  }

  @Test
  void secrets_arePerAccountAndPerRegion() {
    create("app", "v");
    for (SecretScope other :
        List.of(
            new SecretScope(ACCOUNT, "eu-west-1"),
            new SecretScope(new AccountId("444455556666"), "us-east-1"))) {
      assertThatThrownBy(() -> secrets.describe(other, "app"))
          .isInstanceOf(RegistryException.class)
          .hasMessage("Secrets Manager can't find the specified secret.")
          .extracting(e -> ((RegistryException) e).kind())
          .isEqualTo(ErrorKind.NO_SUCH_ENTITY);
    }
    meta.accounts().ensure(new AccountId("444455556666"), NOW);
    secrets.create(
        new SecretScope(ACCOUNT, "eu-west-1"),
        new NewSecret("app", T2, Optional.empty(), Optional.empty(), Map.of(), Optional.empty()));
    assertThat(secrets.list(new SecretScope(ACCOUNT, "eu-west-1"), query(10)).items()).hasSize(1);
  }

  @Test
  void putValue_movesCurrentToTheNewVersion_andPreviousToTheOldCurrent() {
    create("app", "one");
    WrittenVersion second = secrets.putValue(SCOPE, "app", T2, text("two"), Set.of("AWSCURRENT"));
    assertThat(second.stages()).containsExactly("AWSCURRENT");
    WrittenVersion third = secrets.putValue(SCOPE, "app", T3, text("three"), Set.of("AWSCURRENT"));
    assertThat(third.versionId()).contains(T3);

    assertThat(secrets.describe(SCOPE, "app").versionsToStages())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(T3, List.of("AWSCURRENT"), T2, List.of("AWSPREVIOUS")));
    assertThat(secrets.value(SCOPE, "app", stage("AWSPREVIOUS")).value()).isEqualTo(text("two"));
    VersionedValue first = secrets.value(SCOPE, "app", id(T1));
    assertThat(first.value()).as("a deprecated version stays readable").isEqualTo(text("one"));
    assertThat(first.stages()).isEmpty();
  }

  @Test
  void putValue_withOtherLabels_leavesCurrentWhereItIs() {
    create("app", "one");
    WrittenVersion beta = secrets.putValue(SCOPE, "app", T2, text("beta"), Set.of("Beta"));
    assertThat(beta.stages()).containsExactly("Beta");
    assertThat(secrets.value(SCOPE, "app", VersionSelector.current()).value())
        .isEqualTo(text("one"));
    assertThat(secrets.value(SCOPE, "app", stage("Beta")).versionId()).isEqualTo(T2);
    secrets.putValue(SCOPE, "app", T3, text("beta 2"), Set.of("Beta"));
    assertThat(secrets.describe(SCOPE, "app").versionsToStages())
        .as("the label moved; no AWSPREVIOUS for a label other than AWSCURRENT")
        .containsExactlyInAnyOrderEntriesOf(Map.of(T1, List.of("AWSCURRENT"), T3, List.of("Beta")));
  }

  @Test
  void putValue_sameTokenSameValue_isIgnored_sameTokenOtherValue_fails() {
    create("app", "one");
    secrets.putValue(SCOPE, "app", T2, text("two"), Set.of("AWSCURRENT"));
    WrittenVersion again = secrets.putValue(SCOPE, "app", T2, text("two"), Set.of("AWSCURRENT"));
    assertThat(again.versionId()).contains(T2);
    assertThat(again.stages()).containsExactly("AWSCURRENT");
    assertThat(secrets.describe(SCOPE, "app").versionsToStages())
        .as("no new version, labels unmoved")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(T2, List.of("AWSCURRENT"), T1, List.of("AWSPREVIOUS")));
    assertThatThrownBy(
            () -> secrets.putValue(SCOPE, "app", T2, text("other"), Set.of("AWSCURRENT")))
        .isInstanceOf(RegistryException.class)
        .hasMessage("You can't modify an existing version, you can only create a new version.")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.ENTITY_ALREADY_EXISTS);
    assertThatThrownBy(
            () ->
                secrets.putValue(
                    SCOPE,
                    "app",
                    T2,
                    new SecretValue.Binary("two".getBytes(StandardCharsets.UTF_8)),
                    Set.of("AWSCURRENT")))
        .as("the same text as binary is another value")
        .isInstanceOf(RegistryException.class);
  }

  @Test
  void create_twice_failsUnlessItIsARetryOfTheSameTokenAndValue() {
    WrittenVersion first = create("app", "one");
    WrittenVersion retry = create("app", "one");
    assertThat(retry.secret().arn()).isEqualTo(first.secret().arn());
    assertThat(retry.versionId()).contains(T1);
    assertThatThrownBy(() -> create("app", "other"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("The operation failed because the secret app already exists.")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.ENTITY_ALREADY_EXISTS);
  }

  @Test
  void value_byMissingStageOrVersion_orByDisagreeingIdAndStage_isNotFound() {
    create("app", "one");
    secrets.putValue(SCOPE, "app", T2, text("two"), Set.of("AWSCURRENT"));
    assertThatThrownBy(() -> secrets.value(SCOPE, "app", stage("Nope")))
        .hasMessage(
            "Secrets Manager can't find the specified secret value for staging label: Nope");
    assertThatThrownBy(() -> secrets.value(SCOPE, "app", id(T3)))
        .hasMessage("Secrets Manager can't find the specified secret value for VersionId: " + T3);
    assertThatThrownBy(
            () ->
                secrets.value(
                    SCOPE, "app", new VersionSelector(Optional.of(T1), Optional.of("AWSCURRENT"))))
        .isInstanceOf(RegistryException.class);
    assertThat(
            secrets
                .value(
                    SCOPE, "app", new VersionSelector(Optional.of(T2), Optional.of("AWSCURRENT")))
                .value())
        .isEqualTo(text("two"));
  }

  @Test
  void aSecretWithoutValue_hasNoCurrentVersion_untilOneIsPut() {
    WrittenVersion w =
        secrets.create(
            SCOPE,
            new NewSecret(
                "empty",
                T1,
                Optional.of("nothing yet"),
                Optional.of("alias/mine"),
                Map.of("team", "infra"),
                Optional.empty()));
    assertThat(w.versionId()).isEmpty();
    assertThatThrownBy(() -> secrets.value(SCOPE, "empty", VersionSelector.current()))
        .hasMessage(
            "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
    SecretDetails d = secrets.describe(SCOPE, "empty");
    assertThat(d.secret().description()).contains("nothing yet");
    assertThat(d.secret().kmsKeyId()).contains("alias/mine");
    assertThat(d.tags()).containsExactly(Map.entry("team", "infra"));
    assertThat(d.versionsToStages()).isEmpty();
    WrittenVersion put = secrets.putValue(SCOPE, "empty", T2, text("now"), Set.of("AWSCURRENT"));
    assertThat(put.stages()).containsExactly("AWSCURRENT");
  }

  @Test
  void binaryValues_roundTrip_andAreNotTheCurrentValueTheCacheReads() {
    byte[] bytes = {0, (byte) 0xff, 42};
    secrets.create(
        SCOPE,
        new NewSecret(
            "bin",
            T1,
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            Optional.of(new SecretValue.Binary(bytes))));
    assertThat(secrets.value(SCOPE, "bin", VersionSelector.current()).value())
        .isEqualTo(new SecretValue.Binary(bytes));
    String arn = secrets.describe(SCOPE, "bin").secret().arn();
    assertThat(secrets.currentValue(ACCOUNT, "us-east-1", arn)).isEmpty();
  }

  @Test
  void currentValue_readsTheCurrentStringOfTheArnInItsAccountAndRegionOnly() {
    String arn = create("ecr-pullthroughcache/hub", "one").secret().arn();
    secrets.putValue(SCOPE, arn, T2, text("two"), Set.of("AWSCURRENT"));
    assertThat(secrets.currentValue(ACCOUNT, "us-east-1", arn)).contains("two");
    assertThat(secrets.currentValue(ACCOUNT, "eu-west-1", arn)).isEmpty();
    assertThat(secrets.currentValue(new AccountId("444455556666"), "us-east-1", arn)).isEmpty();
    assertThat(secrets.currentValue(ACCOUNT, "us-east-1", arn + "x")).isEmpty();
    secrets.scheduleDeletion(SCOPE, arn, 7);
    assertThat(secrets.currentValue(ACCOUNT, "us-east-1", arn)).isEmpty();
  }

  @Test
  void values_areStoredEncrypted() {
    String arn = create("app", "hunter2-plain").secret().arn();
    byte[] stored = meta.secrets().version(arn, T1).orElseThrow().ciphertext();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
    assertThat(cipher.decrypt(stored)).isEqualTo("hunter2-plain");
  }

  @Test
  void versions_areCappedAtAHundred_deprecatedOnesOverADayOldMakeRoom() {
    create("app", "v0");
    for (int i = 1; i < VersionQuota.MAX_VERSIONS; i++) {
      secrets.putValue(SCOPE, "app", token(i), text("v" + i), Set.of("AWSCURRENT"));
    }
    String arn = secrets.describe(SCOPE, "app").secret().arn();
    assertThat(meta.secrets().versions(arn)).hasSize(100);
    assertThatThrownBy(
            () -> secrets.putValue(SCOPE, "app", token(100), text("v100"), Set.of("AWSCURRENT")))
        .as("every deprecated version is younger than a day")
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.LIMIT_EXCEEDED);

    at(NOW.plus(java.time.Duration.ofDays(2)))
        .putValue(SCOPE, "app", token(100), text("v100"), Set.of("AWSCURRENT"));
    assertThat(meta.secrets().versions(arn)).hasSize(100);
    assertThat(meta.secrets().version(arn, token(1)))
        .as("the oldest deprecated one went (all are as old: the first by id)")
        .isEmpty();
    assertThat(meta.secrets().version(arn, T1)).isPresent();
    assertThat(secrets.value(SCOPE, "app", stage("AWSPREVIOUS")).value()).isEqualTo(text("v99"));
    assertThat(secrets.value(SCOPE, "app", VersionSelector.current()).value())
        .isEqualTo(text("v100"));
  }

  private static String token(int i) {
    return String.format("%08d-0000-0000-0000-000000000000", i);
  }
}
