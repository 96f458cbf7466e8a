package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.ImageReplication;
import dev.berth.meta.ReplicationStore;
import dev.berth.model.AccountId;
import dev.berth.model.Digest;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend of {@link ReplicationStore} promises (issue 13): a configuration per registry,
 * and image replications that are a queue (due in order, re-queued by a new push) and a status
 * whose outcome is recorded only for the push the copy started from.
 */
public abstract class ReplicationStoreContract extends MetadataFixture {
  private static final RegistryId DUBLIN = new RegistryId(ACCOUNT, "eu-west-1");
  private static final RegistryId OTHER =
      new RegistryId(new AccountId("210987654321"), "us-east-1");

  private Repository repo;

  @BeforeEach
  void createRepository() {
    repo = repo("team/app");
  }

  @Test
  void configuration_isPerRegistry_andReplaced() {
    ReplicationStore s = meta.replication();
    assertThat(s.configuration(REGISTRY)).isEmpty();
    s.setConfiguration(REGISTRY, "{\"rules\":[]}", NOW);
    s.setConfiguration(REGISTRY, "{\"rules\":[1]}", NOW.plusSeconds(1));
    assertThat(s.configuration(REGISTRY)).contains("{\"rules\":[1]}");
    assertThat(s.configuration(DUBLIN)).isEmpty();
  }

  @Test
  void queue_isDueInOrder_andAnOutcomeOfAnOlderPushIsNotRecorded() {
    ReplicationStore s = meta.replication();
    Digest a = digest("a");
    Digest b = digest("b");
    s.enqueue(repo.id(), a, DUBLIN, NOW);
    s.enqueue(repo.id(), b, OTHER, NOW.plusSeconds(1));
    assertThat(s.due(NOW, 10)).extracting(ImageReplication::digest).containsExactly(a);
    assertThat(s.due(NOW.plusSeconds(5), 10))
        .extracting(ImageReplication::digest)
        .containsExactly(a, b);

    ImageReplication started = s.due(NOW, 10).get(0);
    assertThat(started.status()).isEqualTo(ImageReplication.Status.IN_PROGRESS);
    assertThat(started.destination()).isEqualTo(DUBLIN);
    // The image is pushed again while the copy runs: the copy's outcome must not hide that push.
    s.enqueue(repo.id(), a, DUBLIN, NOW.plusSeconds(2));
    assertThat(s.record(started, done(started))).isFalse();
    ImageReplication again = s.of(repo.id(), a).get(0);
    assertThat(again.status()).isEqualTo(ImageReplication.Status.IN_PROGRESS);
    assertThat(again.generation()).isGreaterThan(started.generation());
    assertThat(s.record(again, done(again))).isTrue();
    assertThat(s.of(repo.id(), a))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(ImageReplication.Status.COMPLETE));
    assertThat(s.due(NOW.plusSeconds(60), 10))
        .extracting(ImageReplication::digest)
        .containsExactly(b);
  }

  @Test
  void failure_keepsItsCode_andTheRowsGoWithTheRepository() {
    ReplicationStore s = meta.replication();
    Digest a = digest("a");
    s.enqueue(repo.id(), a, OTHER, NOW);
    ImageReplication started = s.due(NOW, 1).get(0);
    ImageReplication failed =
        new ImageReplication(
            started.repositoryId(),
            a,
            OTHER,
            ImageReplication.Status.FAILED,
            Optional.of("PERMISSION_DENIED"),
            Optional.of("x".repeat(2000)),
            1,
            started.generation(),
            NOW,
            NOW);
    assertThat(s.record(started, failed)).isTrue();
    ImageReplication read = s.of(repo.id(), a).get(0);
    assertThat(read.failureCode()).contains("PERMISSION_DENIED");
    assertThat(read.lastError().orElseThrow()).hasSize(1000);
    assertThat(s.due(NOW.plusSeconds(60), 10)).isEmpty();

    assertThat(meta.repositories().delete(repo.id())).isTrue();
    assertThat(s.of(repo.id(), a)).isEmpty();
  }

  private static ImageReplication done(ImageReplication r) {
    return new ImageReplication(
        r.repositoryId(),
        r.digest(),
        r.destination(),
        ImageReplication.Status.COMPLETE,
        Optional.empty(),
        Optional.empty(),
        r.attempts() + 1,
        r.generation(),
        NOW,
        NOW);
  }
}
