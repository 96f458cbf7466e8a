package dev.berth.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Message digest helpers. */
public final class Hashing {
  private Hashing() {}

  public static MessageDigest sha256() {
    return digest("SHA-256");
  }

  public static MessageDigest digest(String jcaName) {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + jcaName, e);
    }
  }

  /** A copy of the digest's running state. */
  public static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("digest state cannot be copied", e);
    }
  }
}
