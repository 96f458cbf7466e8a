package dev.berth.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's own SHA-256 ({@code sun.security.provider.SHA2}), its state read and written through
 * the fields {@code java.base} opens with {@code --add-opens java.base/java.security=ALL-UNNAMED
 * --add-opens java.base/sun.security.provider=ALL-UNNAMED}. Checked once at start-up by a round
 * trip against a plain digest; any mismatch or refusal selects the portable engine instead.
 */
final class JdkEngine implements ResumableSha256.Engine {
  private static final Logger LOG = LoggerFactory.getLogger(JdkEngine.class);

  private final VarHandle spi;
  private final VarHandle state;
  private final VarHandle buffer;
  private final VarHandle bufOfs;
  private final VarHandle bytesProcessed;

  private JdkEngine(
      VarHandle spi, VarHandle state, VarHandle buffer, VarHandle bufOfs, VarHandle processed) {
    this.spi = spi;
    this.state = state;
    this.buffer = buffer;
    this.bufOfs = bufOfs;
    this.bytesProcessed = processed;
  }

  /** The engine when the JDK's fields are open to Berth and behave as expected. */
  static Optional<JdkEngine> open() {
    try {
      MessageDigest probe = jdkDigest();
      Class<?> delegate = declaring(probe.getClass(), "digestSpi");
      Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
      Class<?> base = Class.forName("sun.security.provider.DigestBase");
      JdkEngine e =
          new JdkEngine(
              field(delegate, "digestSpi"),
              field(sha2, "state"),
              field(base, "buffer"),
              field(base, "bufOfs"),
              field(base, "bytesProcessed"));
      e.selfTest();
      return Optional.of(e);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info(
          "the JDK's SHA-256 state is not open to Berth ({}); upload hashes use Bouncy Castle's"
              + " (slower); start the JVM with --add-opens java.base/java.security=ALL-UNNAMED"
              + " --add-opens java.base/sun.security.provider=ALL-UNNAMED",
          e.toString());
      return Optional.empty();
    }
  }

  /** The class or superclass declaring the field (the JDK's delegate has cloneable subclasses). */
  private static Class<?> declaring(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return c;
        }
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }

  private static VarHandle field(Class<?> owner, String name) throws ReflectiveOperationException {
    return MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
        .findVarHandle(owner, name, owner.getDeclaredField(name).getType());
  }

  private static MessageDigest jdkDigest() {
    try {
      return MessageDigest.getInstance("SHA-256", "SUN");
    } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
      throw new IllegalStateException("the JDK has no SUN SHA-256", e);
    }
  }

  /** Saves, restores and finishes odd-sized inputs; throws if any differs from a plain digest. */
  private void selfTest() {
    byte[] data = new byte[200];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    for (int cut : new int[] {0, 1, 63, 64, 65, 130}) {
      MessageDigest a = fresh();
      a.update(data, 0, cut);
      MessageDigest b = restore(read(a));
      b.update(data, cut, data.length - cut);
      if (!Arrays.equals(b.digest(), jdkDigest().digest(data))) {
        throw new IllegalStateException("state round trip differs at " + cut);
      }
    }
  }

  @Override
  public MessageDigest fresh() {
    return jdkDigest();
  }

  ResumableSha256.State read(MessageDigest digest) {
    Object s = spi.get(digest);
    int[] words = ((int[]) state.get(s)).clone();
    long count = (long) bytesProcessed.get(s);
    int pendingLength = (int) bufOfs.get(s);
    byte[] pending = Arrays.copyOf((byte[]) buffer.get(s), pendingLength);
    return new ResumableSha256.State(words, count, pending);
  }

  @Override
  public MessageDigest restore(ResumableSha256.State st) {
    MessageDigest digest = jdkDigest();
    Object s = spi.get(digest);
    System.arraycopy(st.words(), 0, (int[]) state.get(s), 0, 8);
    byte[] buf = (byte[]) buffer.get(s);
    System.arraycopy(st.pending(), 0, buf, 0, st.pending().length);
    bufOfs.set(s, st.pending().length);
    bytesProcessed.set(s, st.count());
    return digest;
  }
}
