package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.meta.DomainEvent;
import dev.berth.meta.LeaseState;
import dev.berth.model.RegistryId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ports that coordinate the nodes of a cluster through the shared database (issue 12): named
 * leases ({@code LeaseStore}) and the outbox of domain events ({@code EventStore}). Run against
 * every metadata backend.
 */
public abstract class CoordinationStoreContract extends MetadataFixture {
  @Test
  void leases_areTakenByCompareAndSetRenewedAndReleased_eachNameOnItsOwn() {
    Instant later = Instant.parse("2030-01-01T00:00:00Z");
    LeaseState free = meta.leases().get("gc");
    assertThat(free).isEqualTo(LeaseState.FREE);
    assertThat(meta.leases().take("gc", free, "a", later)).isTrue();
    assertThat(meta.leases().take("gc", free, "b", later)).as("stale expectation").isFalse();
    assertThat(meta.leases().get("gc")).isEqualTo(new LeaseState(Optional.of("a"), later));
    assertThat(meta.leases().get("lifecycle")).as("another name").isEqualTo(LeaseState.FREE);
    assertThat(meta.leases().take("lifecycle", LeaseState.FREE, "b", later)).isTrue();
    assertThat(meta.leases().renew("gc", "b", later.plusSeconds(60))).isFalse();
    assertThat(meta.leases().renew("gc", "a", later.plusSeconds(60))).isTrue();
    assertThat(meta.leases().take("gc", meta.leases().get("gc"), "b", later.plusSeconds(600)))
        .isTrue();
    assertThat(meta.leases().renew("gc", "a", later.plusSeconds(90))).as("taken over").isFalse();
    meta.leases().release("gc", "a");
    assertThat(meta.leases().get("gc").holder()).contains("b");
    meta.leases().release("gc", "b");
    assertThat(meta.leases().get("gc").holder()).isEmpty();
    assertThat(meta.leases().get("lifecycle").holder()).contains("b");
  }

  @Test
  void events_appendInOrder_commitWithTheirTransaction_andNotifyOnceAfterCommit() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    java.util.concurrent.atomic.AtomicInteger notified =
        new java.util.concurrent.atomic.AtomicInteger();
    meta.events().onCommit(notified::incrementAndGet);
    long start = meta.events().last();
    DomainEvent first = DomainEvent.identityChanged(ACCOUNT);
    meta.events().append(first, at);
    assertThat(notified.get()).as("an append outside a transaction notifies at once").isEqualTo(1);

    assertThatThrownBy(
            () ->
                meta.transactions()
                    .run(
                        () -> {
                          meta.events().append(DomainEvent.registryChanged(REGISTRY), at);
                          throw new IllegalStateException("roll back");
                        }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(notified.get()).as("a rolled-back append notifies nobody").isEqualTo(1);

    DomainEvent pushed =
        new DomainEvent(
            DomainEvent.Kind.IMAGE_PUSHED,
            ACCOUNT,
            "us-east-1",
            "team/app",
            "sha256:" + "a".repeat(64));
    meta.transactions()
        .run(
            () -> {
              meta.events().append(pushed, at.plusSeconds(1));
              meta.events()
                  .append(DomainEvent.repositoryChanged(REGISTRY, "team/app"), at.plusSeconds(2));
              assertThat(notified.get()).as("not before the commit").isEqualTo(1);
            });
    assertThat(notified.get()).as("once per committed transaction").isEqualTo(2);

    List<dev.berth.meta.StoredEvent> all = meta.events().after(start, 10);
    assertThat(all)
        .extracting(dev.berth.meta.StoredEvent::event)
        .containsExactly(first, pushed, DomainEvent.repositoryChanged(REGISTRY, "team/app"));
    assertThat(all.get(1).at()).isEqualTo(at.plusSeconds(1));
    assertThat(all.get(0).seq()).isLessThan(all.get(1).seq());
    assertThat(all.get(1).seq()).isLessThan(all.get(2).seq());
    assertThat(meta.events().last()).isEqualTo(all.get(2).seq());
    assertThat(meta.events().after(all.get(0).seq(), 1))
        .extracting(e -> e.event())
        .containsExactly(pushed);

    assertThat(meta.events().purgeBefore(at.plusSeconds(1))).isEqualTo(1);
    assertThat(meta.events().after(start, 10)).hasSize(2);
  }

  /** Issue 13: what a handler writes for an event commits and rolls back with the event. */
  @Test
  void events_duringAppendHandlersWriteInTheAppendingTransaction() {
    Instant at = Instant.parse("2030-01-01T00:00:00Z");
    RegistryId dublin = new RegistryId(ACCOUNT, "eu-west-1");
    meta.events()
        .duringAppend(
            e -> {
              if (e.kind() == DomainEvent.Kind.REGISTRY_CHANGED) {
                meta.replication()
                    .setConfiguration(
                        new RegistryId(e.account(), e.region()), "{\"rules\":[]}", at);
              }
            });
    assertThatThrownBy(
            () ->
                meta.transactions()
                    .run(
                        () -> {
                          meta.events().append(DomainEvent.registryChanged(dublin), at);
                          throw new IllegalStateException("roll back");
                        }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(meta.replication().configuration(dublin)).as("rolled back with the event").isEmpty();
    meta.events().append(DomainEvent.registryChanged(dublin), at);
    assertThat(meta.replication().configuration(dublin)).contains("{\"rules\":[]}");
  }
}
