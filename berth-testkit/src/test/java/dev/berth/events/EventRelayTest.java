package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.meta.DomainEvent;
import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
import dev.berth.testkit.PostgresServer;
import dev.berth.testkit.TestClock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the outbox relay on PostgreSQL, where two nodes are two metadata stores on one
 * database. Node B hears node A's events; an event whose sequence number commits after a later
 * one's is still delivered, once; a number whose transaction rolled back stops the cursor only
 * until {@link EventRelay#GAP_WAIT} has passed.
 */
class EventRelayTest {
  private static final AccountId ACCOUNT = new AccountId("123456789012");
  private static final RegistryId REGISTRY = new RegistryId(ACCOUNT, "us-east-1");

  private final TestClock clock = TestClock.system();
  private MetadataStore nodeA;
  private MetadataStore nodeB;
  private EventRelay relayB;
  private final List<DomainEvent> heardOnB = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    String url = PostgresServer.shared().newDatabase();
    nodeA = JdbcMetadata.open(url);
    nodeB = JdbcMetadata.open(url);
    relayB = new EventRelay(nodeB.events(), clock);
    relayB.subscribe(heardOnB::add);
  }

  @AfterEach
  void close() {
    relayB.close();
    nodeA.close();
    nodeB.close();
  }

  private static DomainEvent repo(String name) {
    return DomainEvent.repositoryChanged(REGISTRY, name);
  }

  @Test
  void anotherNodesEvents_areDeliveredOnPoll_inOrder_once() {
    nodeA.events().append(repo("one"), clock.instant());
    nodeA.events().append(repo("two"), clock.instant());
    assertThat(heardOnB).as("node B has not polled yet").isEmpty();
    assertThat(relayB.poll()).isEqualTo(2);
    assertThat(relayB.poll()).isZero();
    assertThat(heardOnB).containsExactly(repo("one"), repo("two"));
  }

  @Test
  void ownEvents_areDeliveredOnTheCommittingThread_afterCommit() {
    EventRelay relayA = new EventRelay(nodeA.events(), clock);
    List<DomainEvent> heardOnA = new CopyOnWriteArrayList<>();
    relayA.subscribe(heardOnA::add);
    nodeA
        .transactions()
        .run(
            () -> {
              nodeA.events().append(repo("mine"), clock.instant());
              assertThat(heardOnA).as("not before the commit").isEmpty();
            });
    assertThat(heardOnA).containsExactly(repo("mine"));
    relayA.close();
  }

  @Test
  void anEarlierNumberCommittedLater_isStillDelivered_once() throws Exception {
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Void> slow =
        CompletableFuture.runAsync(
            () ->
                nodeA
                    .transactions()
                    .run(
                        () -> {
                          nodeA.events().append(repo("slow"), clock.instant());
                          appended.countDown();
                          await(commit);
                        }));
    assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
    nodeA.events().append(repo("fast"), clock.instant());
    assertThat(relayB.poll()).isEqualTo(1);
    assertThat(heardOnB).containsExactly(repo("fast"));
    long held = relayB.cursor();

    commit.countDown();
    slow.get(10, TimeUnit.SECONDS);
    assertThat(relayB.poll()).isEqualTo(1);
    assertThat(heardOnB).containsExactly(repo("fast"), repo("slow"));
    assertThat(relayB.cursor()).as("past both once the gap filled").isEqualTo(held + 2);
    assertThat(relayB.poll()).isZero();
  }

  @Test
  void aRolledBackNumber_holdsTheCursorOnlyUntilTheGapWaitHasPassed() {
    try {
      nodeA
          .transactions()
          .run(
              () -> {
                nodeA.events().append(repo("never"), clock.instant());
                throw new IllegalStateException("roll back");
              });
    } catch (IllegalStateException expected) {
      // the number it took stays unused
    }
    nodeA.events().append(repo("after"), clock.instant());
    long start = relayB.cursor();
    assertThat(relayB.poll()).isEqualTo(1);
    assertThat(relayB.cursor()).as("waits for the missing number").isEqualTo(start);

    clock.advance(EventRelay.GAP_WAIT.minusSeconds(1));
    relayB.poll();
    assertThat(relayB.cursor()).isEqualTo(start);
    clock.advance(java.time.Duration.ofSeconds(1));
    assertThat(relayB.poll()).as("nothing delivered twice").isZero();
    assertThat(relayB.cursor()).isEqualTo(start + 2);
    assertThat(heardOnB).containsExactly(repo("after"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
