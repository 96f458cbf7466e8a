package dev.berth.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.meta.MetadataStore;
import dev.berth.meta.jdbc.JdbcMetadata;
import dev.berth.testkit.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: background work guarded by a lease runs on one node at a time. Two nodes are two
 * metadata stores (pools) on one PostgreSQL database, as in a cluster.
 */
class LeasedWorkTest {
  private static final Duration TTL = Duration.ofSeconds(3);

  private MetadataStore nodeA;
  private MetadataStore nodeB;
  private LeasedWork a;
  private LeasedWork b;

  @BeforeEach
  void open() {
    String url = PostgresServer.shared().newDatabase();
    nodeA = JdbcMetadata.open(url);
    nodeB = JdbcMetadata.open(url);
    a = new LeasedWork(nodeA.leases(), Clock.systemUTC());
    b = new LeasedWork(nodeB.leases(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
  }

  @Test
  void whileOneNodeRunsTheWork_theOtherSkipsIt_evenPastTheTimeToLive() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Boolean> first =
        CompletableFuture.supplyAsync(
            () ->
                a.run(
                    "lifecycle",
                    TTL,
                    () -> {
                      runs.incrementAndGet();
                      started.countDown();
                      await(finish);
                    }));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(b.run("lifecycle", TTL, runs::incrementAndGet)).as("held by A").isFalse();
    Thread.sleep(TTL.plusSeconds(1).toMillis());
    assertThat(b.run("lifecycle", TTL, runs::incrementAndGet))
        .as("A's renewals keep it past its time to live")
        .isFalse();
    assertThat(b.run("housekeeping", TTL, runs::incrementAndGet)).as("another lease").isTrue();
    finish.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();

    assertThat(b.run("lifecycle", TTL, runs::incrementAndGet)).as("released").isTrue();
    assertThat(runs).hasValue(3);
  }

  @Test
  void failingWork_releasesTheLease() {
    assertThatThrownBy(
            () ->
                a.run(
                    "archive",
                    TTL,
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(nodeB.leases().get("archive").holder()).isEmpty();
    assertThat(b.run("archive", TTL, () -> {})).isTrue();
  }

  @Test
  void aLeaseOfANodeThatStoppedRenewing_isTakenOverOnceItLapses() throws Exception {
    Lease.Either held =
        Lease.acquire(nodeA.leases(), "gc", Duration.ofSeconds(1), Clock.systemUTC());
    assertThat(held.taken()).isPresent();
    assertThat(b.run("gc", TTL, () -> {})).as("live").isFalse();

    // Node A dies without releasing (its holder id is of this live process, so only time helps).
    Thread.sleep(1500);

    assertThat(b.run("gc", TTL, () -> {})).as("lapsed").isTrue();
    assertThatThrownBy(held.taken().get()::renew).isInstanceOf(LostLeaseException.class);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
