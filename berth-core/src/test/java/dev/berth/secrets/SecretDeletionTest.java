package dev.berth.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DeleteSecret's recovery window, RestoreSecret, and deletion without recovery. */
class SecretDeletionTest extends SecretsFixture {
  private static final String MARKED =
      "You can't perform this operation on the secret because it was marked for deletion.";

  @Test
  void recoveryWindow_mustBeSevenToThirtyDays() {
    create("app", "one");
    for (long days : new long[] {6, 31, 0}) {
      assertThatThrownBy(() -> secrets.scheduleDeletion(SCOPE, "app", days))
          .isInstanceOf(RegistryException.class)
          .hasMessage("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
          .extracting(e -> ((RegistryException) e).kind())
          .isEqualTo(ErrorKind.INVALID_PARAMETER);
    }
    assertThat(secrets.scheduleDeletion(SCOPE, "app", 7).deletionDate())
        .contains(NOW.plus(Duration.ofDays(7)));
  }

  @Test
  void aScheduledSecret_isDescribedButNotReadWrittenOrCreatedAgain() {
    create("app", "one");
    secrets.scheduleDeletion(SCOPE, "app", 30);
    assertThat(deletion(secrets, "app")).contains(NOW.plus(Duration.ofDays(30)));
    assertThatThrownBy(() -> secrets.value(SCOPE, "app", VersionSelector.current()))
        .hasMessage(MARKED)
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.INVALID_STATE);
    assertThatThrownBy(() -> secrets.putValue(SCOPE, "app", T2, text("x"), Set.of("AWSCURRENT")))
        .hasMessage(MARKED);
    assertThatThrownBy(() -> secrets.scheduleDeletion(SCOPE, "app", 7)).hasMessage(MARKED);
    assertThatThrownBy(() -> create("app", "again"))
        .hasMessage(
            "You can't create this secret because a secret with this name is already scheduled"
                + " for deletion.")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(ErrorKind.INVALID_STATE);
    assertThat(secrets.list(SCOPE, query(10)).items()).isEmpty();
    assertThat(
            secrets
                .list(SCOPE, new ListQuery(java.util.List.of(), true, false, 10, Optional.empty()))
                .items())
        .hasSize(1);
  }

  @Test
  void restore_cancelsTheDeletion() {
    create("app", "one");
    secrets.scheduleDeletion(SCOPE, "app", 7);
    assertThat(secrets.restore(SCOPE, "app").deletionDate()).isEmpty();
    assertThat(deletion(secrets, "app")).isEmpty();
    assertThat(secrets.value(SCOPE, "app", VersionSelector.current()).value())
        .isEqualTo(text("one"));
  }

  @Test
  void pastItsDeletionDate_theSecretIsGone_andItsNameFree() {
    String arn = create("app", "one").secret().arn();
    secrets.scheduleDeletion(SCOPE, "app", 7);
    SecretsService later = at(NOW.plus(Duration.ofDays(7)));
    assertThatThrownBy(() -> later.describe(SCOPE, "app"))
        .hasMessage("Secrets Manager can't find the specified secret.");
    assertThat(meta.secrets().findByArn(arn)).as("removed from the store").isEmpty();
    assertThat(meta.secrets().version(arn, T1)).isEmpty();
    WrittenVersion again =
        later.create(
            SCOPE,
            new NewSecret(
                "app",
                T2,
                Optional.empty(),
                Optional.empty(),
                java.util.Map.of(),
                Optional.of(text("two"))));
    assertThat(again.secret().arn()).as("a new ARN for the reused name").isNotEqualTo(arn);
  }

  @Test
  void forceDelete_removesAtOnce_evenWhenScheduled() {
    String arn = create("app", "one").secret().arn();
    secrets.scheduleDeletion(SCOPE, "app", 7);
    assertThat(secrets.forceDelete(SCOPE, arn).deletionDate()).contains(NOW);
    assertThat(meta.secrets().findByArn(arn)).isEmpty();
    assertThatThrownBy(() -> secrets.forceDelete(SCOPE, "app"))
        .hasMessage("Secrets Manager can't find the specified secret.");
    assertThatThrownBy(() -> secrets.restore(SCOPE, "app"))
        .hasMessage("Secrets Manager can't find the specified secret.");
    create("app", "new");
  }
}
