package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.blob.BlobContent;
import dev.berth.blob.BlobStore;
import dev.berth.blob.BlobTiers.Tier;
import dev.berth.blob.Staged;
import dev.berth.blob.StagedEntry;
import dev.berth.blob.StoredBlob;
import dev.berth.common.Hashing;
import dev.berth.model.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BlobStore} promises. A backend test extends this and supplies a fresh,
 * empty store; after each test the store must hold no staged bytes the test did not commit or
 * discard.
 */
public abstract class BlobStoreContract {
  protected BlobStore store;

  /** A new, empty store. */
  protected abstract BlobStore newStore() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = newStore();
  }

  @AfterEach
  void noLeftoverStaging() {
    assertThat(store.stagingKeys()).as("staging left behind").isEmpty();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Digest digestOf(byte[] b) {
    return Digest.sha256(Hashing.sha256().digest(b));
  }

  protected Digest put(String key, byte[] content) {
    Staged s = store.append(store.begin(key), new ByteArrayInputStream(content));
    Digest d = digestOf(content);
    store.commit(s, d);
    return d;
  }

  /** The staged bytes read back, where the store can. */
  protected static byte[] readStaged(BlobStore store, Staged s) {
    try (InputStream in = store.readStaged(s).orElseThrow()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether this store reads staged bytes back (a file store does; an object store does not). */
  protected boolean readsStagedBytes() {
    return true;
  }

  static byte[] read(BlobContent content) {
    try (content;
        InputStream in = content.stream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void probe_passesOnAWorkingStore_andLeavesNothing() {
    store.probe();
    store.probe();
    assertThat(store.digests()).isEmpty();
    assertThat(store.stagingKeys()).isEmpty();
  }

  @Test
  void absentBlob_hasNoSizeAndCannotBeOpened() {
    Digest d = digestOf("nothing".getBytes(StandardCharsets.UTF_8));
    assertThat(store.size(d)).isEmpty();
    assertThat(store.open(d, 0, 0)).isEmpty();
  }

  @Test
  void committedBlob_isReadableWholeAndByRange() {
    byte[] content = bytes(300_000, 1);
    Digest d = put("k1", content);
    assertThat(store.size(d)).contains(300_000L);
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    byte[] slice = read(store.open(d, 1000, 5000).orElseThrow());
    assertThat(slice).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 6000));
    assertThat(store.digests()).containsExactly(d);
  }

  @Test
  void open_rejectsRangeBeyondEnd() {
    Digest d = put("k1", bytes(10, 2));
    assertThatThrownBy(() -> store.open(d, 5, 6)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stagedBytes_areNotABlobUntilCommitted() {
    byte[] content = bytes(1000, 3);
    Staged s = store.append(store.begin("k2"), new ByteArrayInputStream(content));
    assertThat(s.length()).isEqualTo(1000);
    assertThat(s.key()).isEqualTo("k2");
    assertThat(store.size(digestOf(content))).isEmpty();
    assertThat(store.digests()).isEmpty();
    assertThat(store.stagingKeys()).containsExactly("k2");
    store.discard("k2");
    assertThat(store.stagingKeys()).isEmpty();
    store.discard("k2");
  }

  @Test
  void appendInChunks_concatenates() {
    byte[] content = bytes(10_000, 4);
    Staged s = store.begin("k3");
    s = store.append(s, new ByteArrayInputStream(content, 0, 4000));
    assertThat(s.length()).isEqualTo(4000);
    s = store.append(s, new ByteArrayInputStream(content, 4000, 6000));
    assertThat(s.length()).isEqualTo(10_000);
    if (readsStagedBytes()) {
      assertThat(readStaged(store, s)).isEqualTo(content);
    } else {
      assertThat(store.readStaged(s)).isEmpty();
    }
    Digest d = digestOf(content);
    store.commit(s, d);
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
  }

  /**
   * A chunk whose state the caller never recorded (the node died before the session row advanced,
   * or the row's update lost a race) is overwritten by the next append from the recorded state, and
   * never reaches the committed blob.
   */
  @Test
  void appendFromAnEarlierState_replacesWhatWasWrittenAfterIt() {
    byte[] first = bytes(3000, 5);
    byte[] unrecorded = bytes(2000, 6);
    byte[] second = bytes(1500, 7);
    Staged recorded = store.append(store.begin("k4"), new ByteArrayInputStream(first));
    store.append(recorded, new ByteArrayInputStream(unrecorded));
    Staged last = store.append(recorded, new ByteArrayInputStream(second));
    assertThat(last.length()).isEqualTo(4500);
    commitsExactly(last, concat(first, second));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Commits the state and reads back exactly {@code expected}. */
  private void commitsExactly(Staged state, byte[] expected) {
    Digest d = digestOf(expected);
    store.commit(state, d);
    assertThat(read(store.open(d, 0, expected.length).orElseThrow())).isEqualTo(expected);
  }

  /** Committing an earlier state publishes exactly its bytes, not what was staged after it. */
  @Test
  void commitOfAnEarlierState_publishesOnlyItsBytes() {
    byte[] first = bytes(2500, 8);
    Staged recorded = store.append(store.begin("k4b"), new ByteArrayInputStream(first));
    store.append(recorded, new ByteArrayInputStream(bytes(700, 9)));
    commitsExactly(recorded, first);
    assertThat(store.size(digestOf(first))).contains(2500L);
  }

  @Test
  void failedAppend_leavesTheStateItStartedFromValid() {
    byte[] start = bytes(100, 10);
    Staged s = store.append(store.begin("k5"), new ByteArrayInputStream(start));
    InputStream broken =
        new InputStream() {
          int served;

          @Override
          public int read() throws IOException {
            if (served++ < 50_000) {
              return 7;
            }
            throw new IOException("client went away");
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (served >= 50_000) {
              throw new IOException("client went away");
            }
            int n = Math.min(len, 50_000 - served);
            java.util.Arrays.fill(b, off, off + n, (byte) 7);
            served += n;
            return n;
          }
        };
    assertThatThrownBy(() -> store.append(s, broken)).isInstanceOf(RuntimeException.class);
    byte[] tail = bytes(50, 11);
    Staged after = store.append(s, new ByteArrayInputStream(tail));
    commitsExactly(after, concat(start, tail));
  }

  @Test
  void commitOfAStateWhoseBytesAreGone_failsWithIllegalState_andPublishesNothing() {
    Staged s = store.append(store.begin("k6"), new ByteArrayInputStream(bytes(500, 12)));
    store.discard("k6");
    Digest d = digestOf(bytes(500, 12));
    assertThatThrownBy(() -> store.commit(s, d)).isInstanceOf(IllegalStateException.class);
    assertThat(store.size(d)).isEmpty();
    assertThatThrownBy(() -> store.append(s, new ByteArrayInputStream(new byte[1])))
        .isInstanceOf(IllegalStateException.class);
    store.discard("k6");
  }

  @Test
  void presign_givesAUrlOrNothing_neverForAnotherDigest() {
    Digest d = put("p1", bytes(10, 13));
    store
        .presign(d, java.time.Duration.ofMinutes(5))
        .ifPresent(uri -> assertThat(uri.toString()).contains(d.hex()));
  }

  @Test
  void commit_ofExistingDigestIsIdempotent() {
    byte[] content = bytes(1234, 7);
    Digest d = put("k7", content);
    Digest again = put("k8", content);
    assertThat(again).isEqualTo(d);
    assertThat(store.digests()).containsExactly(d);
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
  }

  @Test
  void emptyBlob_canBeCommitted() {
    Digest d = put("k9", new byte[0]);
    assertThat(store.size(d)).contains(0L);
    assertThat(read(store.open(d, 0, 0).orElseThrow())).isEmpty();
  }

  @Test
  void delete_removesBytesAndIsIdempotent() {
    Digest d = put("k10", bytes(10, 10));
    assertThat(store.delete(d)).isTrue();
    assertThat(store.delete(d)).isFalse();
    assertThat(store.size(d)).isEmpty();
  }

  /** Issue 10: the listing streams (digest, size, last modified) for the garbage collector. */
  @Test
  void forEachBlob_reportsEachBlobOnceWithSizeAndModificationTime() {
    java.time.Instant before = java.time.Instant.now().minusSeconds(5);
    Digest a = put("k11", bytes(10, 11));
    Digest b = put("k12", bytes(2000, 12));
    put("k13", bytes(10, 11));
    java.util.List<StoredBlob> seen = new java.util.ArrayList<>();
    store.forEachBlob(seen::add);
    assertThat(seen).extracting(StoredBlob::digest).containsExactlyInAnyOrder(a, b);
    assertThat(seen)
        .filteredOn(s -> s.digest().equals(b))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.size()).isEqualTo(2000);
              assertThat(s.lastModified()).isAfter(before);
              assertThat(s.lastModified()).isBefore(java.time.Instant.now().plusSeconds(5));
            });
  }

  @Test
  void forEachBlob_toleratesDeletionsDuringTheWalk() {
    java.util.List<Digest> all = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(put("w" + i, bytes(16, 100 + i)));
    }
    java.util.Set<Digest> seen = new java.util.HashSet<>();
    store.forEachBlob(
        s -> {
          seen.add(s.digest());
          all.forEach(store::delete);
        });
    assertThat(seen).hasSize(1);
    assertThat(store.digests()).isEmpty();
  }

  @Test
  void forEachStaged_reportsKeysSizesAndModificationTime() {
    store.append(store.begin("s1"), new ByteArrayInputStream(bytes(300, 14)));
    store.begin("s2");
    java.util.Map<String, StagedEntry> seen = new java.util.HashMap<>();
    store.forEachStaged(e -> seen.put(e.key(), e));
    assertThat(seen).containsOnlyKeys("s1", "s2");
    StagedEntry s1 = java.util.Objects.requireNonNull(seen.get("s1"));
    assertThat(s1.size()).isEqualTo(300);
    assertThat(java.util.Objects.requireNonNull(seen.get("s2")).size()).isZero();
    assertThat(s1.lastModified())
        .isAfter(java.time.Instant.now().minusSeconds(60))
        .isBefore(java.time.Instant.now().plusSeconds(5));
    store.discard("s1");
    store.discard("s2");
  }

  @Test
  void committedBlob_isInTheStandardTier_andAnAbsentOneInNone() {
    Digest d = put("t1", bytes(64, 11));
    assertThat(store.tier(d)).contains(Tier.STANDARD);
    Digest absent = digestOf(bytes(64, 12));
    assertThat(store.tier(absent)).isEmpty();
    assertThat(store.moveTo(absent, Tier.ARCHIVE)).isFalse();
    assertThat(store.tier(absent)).isEmpty();
    assertThat(store.size(absent)).isEmpty();
  }

  @Test
  void archivedBlob_staysReadableWholeAndByRange_andMovesBack() {
    byte[] content = bytes(200_000, 13);
    Digest d = put("t2", content);
    assertThat(store.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(store.tier(d)).contains(Tier.ARCHIVE);
    assertThat(store.size(d)).contains(200_000L);
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    assertThat(read(store.open(d, 500, 1000).orElseThrow()))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 500, 1500));
    assertThat(store.digests()).containsExactly(d);

    assertThat(store.moveTo(d, Tier.STANDARD)).isTrue();
    assertThat(store.tier(d)).contains(Tier.STANDARD);
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
    assertThat(store.digests()).containsExactly(d);
  }

  @Test
  void moveTo_isIdempotent() {
    Digest d = put("t3", bytes(100, 14));
    assertThat(store.moveTo(d, Tier.STANDARD)).isTrue();
    assertThat(store.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(store.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(store.tier(d)).contains(Tier.ARCHIVE);
    assertThat(store.size(d)).contains(100L);
  }

  @Test
  void commit_ofAnArchivedDigest_bringsItBackToTheStandardTierOnce() {
    byte[] content = bytes(5000, 15);
    Digest d = put("t4", content);
    store.moveTo(d, Tier.ARCHIVE);
    assertThat(put("t5", content)).isEqualTo(d);
    assertThat(store.tier(d)).contains(Tier.STANDARD);
    assertThat(store.digests()).containsExactly(d);
    assertThat(store.moveTo(d, Tier.ARCHIVE)).isTrue();
    assertThat(read(store.open(d, 0, content.length).orElseThrow())).isEqualTo(content);
  }

  @Test
  void delete_removesTheBytesFromEveryTier() {
    Digest d = put("t6", bytes(10, 16));
    store.moveTo(d, Tier.ARCHIVE);
    assertThat(store.delete(d)).isTrue();
    assertThat(store.tier(d)).isEmpty();
    assertThat(store.size(d)).isEmpty();
    assertThat(store.open(d, 0, 0)).isEmpty();
    assertThat(store.delete(d)).isFalse();
    assertThat(store.moveTo(d, Tier.STANDARD)).isFalse();
    assertThat(store.digests()).isEmpty();
  }

  @Test
  void openContent_survivesAMoveOfItsBlob() {
    byte[] content = bytes(100_000, 17);
    Digest d = put("t7", content);
    BlobContent open = store.open(d, 0, content.length).orElseThrow();
    store.moveTo(d, Tier.ARCHIVE);
    assertThat(read(open)).isEqualTo(content);
  }

  /**
   * Readers never miss a blob that moves back and forth between the tiers (every read finds it in
   * one tier or the other): a mover flips it a few hundred times while readers size and open it.
   */
  @Test
  void readersNeverMissABlobMovingBetweenTiers() throws Exception {
    byte[] content = bytes(4096, 18);
    Digest d = put("t8", content);
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger misses =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<Thread> readers = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread t =
          new Thread(
              () -> {
                while (!done.get()) {
                  if (store.size(d).isEmpty()) {
                    misses.incrementAndGet();
                  }
                  java.util.Optional<BlobContent> c = store.open(d, 0, content.length);
                  if (c.isEmpty() || !java.util.Arrays.equals(read(c.get()), content)) {
                    misses.incrementAndGet();
                  }
                  reads.incrementAndGet();
                }
              });
      t.start();
      readers.add(t);
    }
    try {
      for (int i = 0; i < 300 || (reads.get() < 300 && i < 1_000_000); i++) {
        assertThat(store.moveTo(d, i % 2 == 0 ? Tier.ARCHIVE : Tier.STANDARD)).isTrue();
      }
    } finally {
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
    assertThat(reads.get()).isPositive();
    assertThat(misses.get()).isZero();
    assertThat(store.tier(d)).isPresent();
  }

  @Test
  void stagingKeys_thatCouldEscapeAreRejected() {
    for (String key : new String[] {"../x", "a/b", "", ".hidden", "x".repeat(65)}) {
      assertThatThrownBy(() -> store.begin(key))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
