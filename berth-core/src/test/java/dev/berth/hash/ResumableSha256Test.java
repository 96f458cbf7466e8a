package dev.berth.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumableSha256Test {
  private static final ResumableSha256.Engine JDK = JdkEngine.open().orElseThrow();
  private static final ResumableSha256.Engine BC = new ResumableSha256.BcEngine();

  private static byte[] data(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] plain(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  private static byte[] save(ResumableSha256.Engine engine, MessageDigest d) {
    return engine == JDK ? ((JdkEngine) JDK).read(d).encode() : ((BcSha256) d).state().encode();
  }

  @Test
  void testsRunWithTheJdkFieldsOpen_soNodesUseTheFastEngine() {
    assertThat(ResumableSha256.jdkBacked()).isTrue();
    assertThat(ResumableSha256.newDigest().getProvider().getName()).isEqualTo("SUN");
  }

  /** Every cut of a 300-byte input, every pair of engines: the same digest as one pass. */
  @Test
  void everyCut_everyEnginePair_matchesThePlainDigest() throws Exception {
    byte[] data = data(300, 1);
    byte[] expected = plain(data);
    for (ResumableSha256.Engine from : new ResumableSha256.Engine[] {JDK, BC}) {
      for (ResumableSha256.Engine to : new ResumableSha256.Engine[] {JDK, BC}) {
        for (int cut = 0; cut <= data.length; cut++) {
          MessageDigest a = from.fresh();
          a.update(data, 0, cut);
          MessageDigest b = to.restore(ResumableSha256.State.decode(save(from, a)));
          b.update(data, cut, data.length - cut);
          assertThat(b.digest()).as("cut %d", cut).isEqualTo(expected);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {2, 3, 4, 5})
  void manyRandomChunks_savedAfterEach_matchesThePlainDigest(long seed) throws Exception {
    byte[] data = data(3 * 1024 * 1024 + 17, seed);
    Random r = new Random(seed);
    byte[] state = ResumableSha256.save(ResumableSha256.newDigest());
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, r.nextInt(200_000));
      MessageDigest d = ResumableSha256.restore(state);
      d.update(data, at, n);
      state = ResumableSha256.save(d);
      at += n;
    }
    assertThat(ResumableSha256.restore(state).digest()).isEqualTo(plain(data));
  }

  @Test
  void savedState_isSmallAndLeavesTheDigestUsable() throws Exception {
    byte[] data = data(1000, 6);
    MessageDigest d = ResumableSha256.newDigest();
    d.update(data, 0, 999);
    byte[] saved = ResumableSha256.save(d);
    assertThat(saved.length).isEqualTo(1 + 32 + 8 + 999 % 64);
    d.update(data, 999, 1);
    assertThat(d.digest()).isEqualTo(plain(data));
  }

  @Test
  void garbage_isRefused() {
    assertThatThrownBy(() -> ResumableSha256.restore(new byte[] {9, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] wrongPending = ResumableSha256.save(ResumableSha256.newDigest());
    wrongPending[40] = 5; // says 5 bytes hashed, but no pending bytes follow
    assertThatThrownBy(() -> ResumableSha256.restore(wrongPending))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
