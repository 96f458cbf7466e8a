package dev.berth.hash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Bouncy Castle's SHA-256 as a {@link MessageDigest}, with its state converted to and from {@link
 * ResumableSha256.State} through Bouncy Castle's public encoded state: the {@code GeneralDigest}
 * header (4 pending bytes, their count, bytes hashed), then the eight words, the number of complete
 * pending words, those words and the digest's purpose.
 */
final class BcSha256 extends MessageDigest implements Cloneable {
  private static final int WORDS_AT = 16;
  private static final int WORD_COUNT_AT = WORDS_AT + 32;
  private static final int PENDING_AT = WORD_COUNT_AT + 4;

  /** The purpose byte a fresh digest encodes (Bouncy Castle's {@code CryptoServicePurpose.ANY}). */
  private static final byte PURPOSE;

  static {
    byte[] fresh = new SHA256Digest().getEncodedState();
    PURPOSE = fresh[fresh.length - 1];
  }

  private SHA256Digest bc;

  BcSha256() {
    this(new SHA256Digest());
  }

  private BcSha256(SHA256Digest bc) {
    super("SHA-256");
    this.bc = bc;
  }

  static BcSha256 of(ResumableSha256.State s) {
    byte[] pending = s.pending();
    int fullWords = pending.length / 4;
    int loose = pending.length % 4;
    ByteBuffer b = ByteBuffer.allocate(PENDING_AT + fullWords * 4 + 1);
    b.put(pending, fullWords * 4, loose).position(4);
    b.putInt(loose).putLong(s.count());
    for (int w : s.words()) {
      b.putInt(w);
    }
    b.putInt(fullWords).put(pending, 0, fullWords * 4);
    b.put(PENDING_AT + fullWords * 4, PURPOSE);
    return new BcSha256(new SHA256Digest(b.array()));
  }

  ResumableSha256.State state() {
    ByteBuffer b = ByteBuffer.wrap(bc.getEncodedState());
    int loose = b.getInt(4);
    long count = b.getLong(8);
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = b.getInt(WORDS_AT + 4 * i);
    }
    int fullWords = b.getInt(WORD_COUNT_AT);
    byte[] pending = new byte[fullWords * 4 + loose];
    b.get(PENDING_AT, pending, 0, fullWords * 4);
    b.get(0, pending, fullWords * 4, loose);
    return new ResumableSha256.State(words, count, pending);
  }

  @Override
  protected void engineUpdate(byte input) {
    bc.update(input);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    bc.update(input, offset, len);
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[32];
    bc.doFinal(out, 0);
    return out;
  }

  @Override
  protected void engineReset() {
    bc.reset();
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    BcSha256 copy = (BcSha256) super.clone();
    copy.bc = new SHA256Digest(bc);
    return copy;
  }
}
