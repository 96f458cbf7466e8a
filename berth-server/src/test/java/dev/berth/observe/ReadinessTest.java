package dev.berth.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Issue 11: readiness passes only when every check does, and always answers. */
class ReadinessTest {
  @Test
  void everyCheckPassing_isReady() {
    Readiness.Result r =
        new Readiness(
                List.of(new Readiness.Check("a", () -> {}), new Readiness.Check("b", () -> {})),
                Duration.ofSeconds(5))
            .check();
    assertThat(r.ready()).isTrue();
    assertThat(r.passed()).containsExactly("a", "b");
  }

  @Test
  void aFailingOrHangingCheck_isNamedWithItsReason() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Readiness.Result r =
        new Readiness(
                List.of(
                    new Readiness.Check("fine", () -> {}),
                    new Readiness.Check(
                        "broken",
                        () -> {
                          throw new IllegalStateException("the database is closed");
                        }),
                    new Readiness.Check(
                        "stuck",
                        () -> {
                          try {
                            never.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        })),
                Duration.ofMillis(200))
            .check();
    assertThat(r.ready()).isFalse();
    assertThat(r.passed()).containsExactly("fine");
    assertThat(r.failures())
        .containsEntry("broken", "the database is closed")
        .containsEntry("stuck", "no answer within 200 ms");
  }
}
