package dev.berth.hash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Saves and restores the running state of a SHA-256 {@link MessageDigest}. The saved form is
 * Berth's own and stable across nodes and JDKs: a version byte, the eight chaining words, the
 * number of bytes hashed and the bytes of the unfinished block (at most 63), 105 bytes at most.
 *
 * <p>The JDK's SHA-256 (its intrinsics run at memory speed) keeps this state in private fields;
 * when {@code java.base} opens them to Berth ({@code --add-opens}, set by the launcher, the jar's
 * manifest and the tests) digests are the JDK's and their state is read and written in place.
 * Otherwise digests are Bouncy Castle's, whose state is public, several times slower but the same
 * bytes: a state saved by either restores into either.
 */
public final class ResumableSha256 {
  static final byte VERSION = 1;
  private static final int BLOCK = 64;
  private static final Engine ENGINE = Engine.choose();

  private ResumableSha256() {}

  /** A fresh digest whose state {@link #save} can read. */
  public static MessageDigest newDigest() {
    return ENGINE.fresh();
  }

  /** Whether digests are the JDK's own (fast) rather than the portable fallback's. */
  public static boolean jdkBacked() {
    return ENGINE instanceof JdkEngine;
  }

  /** The digest's running state; the digest itself is unchanged. */
  public static byte[] save(MessageDigest digest) {
    if (digest instanceof BcSha256 bc) {
      return bc.state().encode();
    }
    if (ENGINE instanceof JdkEngine jdk) {
      return jdk.read(digest).encode();
    }
    throw new IllegalArgumentException(
        "not a digest from ResumableSha256.newDigest(): " + digest.getClass().getName());
  }

  /** A digest continuing from a saved state. */
  public static MessageDigest restore(byte[] saved) {
    return ENGINE.restore(State.decode(saved));
  }

  /** The chaining words, bytes hashed and pending bytes of an unfinished block. */
  record State(int[] words, long count, byte[] pending) {
    State {
      if (words.length != 8 || count < 0 || pending.length != (int) (count % BLOCK)) {
        throw new IllegalArgumentException("inconsistent SHA-256 state");
      }
    }

    byte[] encode() {
      ByteBuffer b = ByteBuffer.allocate(1 + 32 + 8 + pending.length);
      b.put(VERSION);
      for (int w : words) {
        b.putInt(w);
      }
      b.putLong(count).put(pending);
      return b.array();
    }

    static State decode(byte[] saved) {
      if (saved.length < 41 || saved[0] != VERSION) {
        throw new IllegalArgumentException("not a saved SHA-256 state");
      }
      ByteBuffer b = ByteBuffer.wrap(saved, 1, saved.length - 1);
      int[] words = new int[8];
      for (int i = 0; i < 8; i++) {
        words[i] = b.getInt();
      }
      long count = b.getLong();
      byte[] pending = Arrays.copyOfRange(saved, 41, saved.length);
      return new State(words, count, pending);
    }
  }

  /** Where digests come from. */
  interface Engine {
    MessageDigest fresh();

    MessageDigest restore(State state);

    static Engine choose() {
      return JdkEngine.open().<Engine>map(e -> e).orElseGet(BcEngine::new);
    }
  }

  /** Bouncy Castle's SHA-256 behind the JCA type. */
  static final class BcEngine implements Engine {
    @Override
    public MessageDigest fresh() {
      return new BcSha256();
    }

    @Override
    public MessageDigest restore(State state) {
      return BcSha256.of(state);
    }
  }
}
