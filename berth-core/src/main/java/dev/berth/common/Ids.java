package dev.berth.common;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Random identifiers. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A random UUID string, for rows and upload sessions. */
  public static String uuid() {
    return UUID.randomUUID().toString();
  }

  /** {@code bytes} cryptographically random bytes. */
  public static byte[] randomBytes(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return b;
  }

  public static String randomHex(int bytes) {
    return HexFormat.of().formatHex(randomBytes(bytes));
  }
}
