package dev.berth.pullthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent imports of one blob or manifest on a node fetch it once. */
class PullThroughInFlightTest {
  @Test
  void concurrentCallersOfOneKey_runTheWorkOnce_andAllReturnAfterIt() throws Exception {
    InFlight inFlight = new InFlight();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger returned = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    inFlight.run(
                        "sha256:abc",
                        () -> {
                          runs.incrementAndGet();
                          started.countDown();
                          await(release);
                        });
                    returned.incrementAndGet();
                  }));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    assertThat(returned.get()).as("nobody returns before the one fetch ends").isZero();
    release.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(returned.get()).isEqualTo(8);
    assertThat(runs.get()).as("the work ran once while it was in flight").isEqualTo(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
