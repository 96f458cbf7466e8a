package dev.berth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.Reference;
import dev.berth.model.RegistryId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull-time update exclusions: the list's rules, and pulls by listed principals not recorded. */
class PullTimeExclusionsTest {
  private static final String SCANNER = "arn:aws:iam::111122223333:role/scanner";
  private static final String CI_USER = "arn:aws:iam::111122223333:user/ci";

  @TempDir Path dir;
  private Repo r;
  private PullTimeExclusions exclusions;

  @BeforeEach
  void open() {
    r = new Repo(dir);
    exclusions = new PullTimeExclusions(r.meta, r.clock);
  }

  @AfterEach
  void close() {
    r.close();
  }

  private Optional<Instant> pulledAt(Digest d) {
    r.manifests.awaitPullRecords();
    return r.manifests.describe(r.repo, List.of(d)).get(0).lastPulledAt();
  }

  private void pull(Digest d, String principal) {
    ManifestRecord m = r.manifests.get(r.repo, new Reference.ByDigest(d));
    r.manifests.recordPull(r.repo, m, principal);
  }

  @Test
  void pullByAnExcludedPrincipal_leavesThePullTime_andOthersStillRecord() {
    Digest d = r.push("a", "v1");
    exclusions.register(Repo.REGISTRY, SCANNER);
    pull(d, SCANNER);
    assertThat(pulledAt(d)).isEmpty();
    // The excluded pull gave its claim back: the next pull by someone else is recorded at once.
    pull(d, CI_USER);
    assertThat(pulledAt(d)).contains(r.clock.instant());
    r.clock.advance(Duration.ofHours(1));
    pull(d, SCANNER);
    assertThat(pulledAt(d)).contains(r.clock.instant().minus(Duration.ofHours(1)));
    exclusions.deregister(Repo.REGISTRY, SCANNER);
    pull(d, SCANNER);
    assertThat(pulledAt(d)).contains(r.clock.instant());
  }

  @Test
  void exclusionsAreOfOneRegistry() {
    Digest d = r.push("a", "v1");
    AccountId other = new AccountId("444455556666");
    r.meta.accounts().ensure(other, r.clock.instant());
    exclusions.register(new RegistryId(other, "us-east-1"), SCANNER);
    pull(d, SCANNER);
    assertThat(pulledAt(d)).contains(r.clock.instant());
  }

  @Test
  void register_refusesDuplicates_andMoreThanTheLimit_deregisterRefusesUnknown() {
    assertThat(exclusions.register(Repo.REGISTRY, CI_USER)).isEqualTo(r.clock.instant());
    assertThatThrownBy(() -> exclusions.register(Repo.REGISTRY, CI_USER))
        .satisfies(
            e ->
                assertThat(((RegistryException) e).kind())
                    .isEqualTo(ErrorKind.ENTITY_ALREADY_EXISTS));
    for (int i = 1; i < PullTimeExclusions.LIMIT; i++) {
      exclusions.register(Repo.REGISTRY, "arn:aws:iam::111122223333:role/r" + i);
    }
    assertThatThrownBy(() -> exclusions.register(Repo.REGISTRY, SCANNER))
        .satisfies(
            e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.LIMIT_EXCEEDED));
    assertThatThrownBy(() -> exclusions.deregister(Repo.REGISTRY, SCANNER))
        .satisfies(
            e -> assertThat(((RegistryException) e).kind()).isEqualTo(ErrorKind.NO_SUCH_ENTITY));
    Page<String> first = exclusions.list(Repo.REGISTRY, Optional.empty(), 60);
    Page<String> second = exclusions.list(Repo.REGISTRY, first.next(), 60);
    assertThat(first.items()).hasSize(60);
    assertThat(second.items()).hasSize(40);
    assertThat(second.next()).isEmpty();
    assertThat(first.items()).doesNotContainAnyElementsOf(second.items());
  }
}
