package dev.berth.secrets;

import java.util.Arrays;
import java.util.Base64;

/** A secret's value: a SecretString or a SecretBinary. */
public sealed interface SecretValue {
  /** The text that is encrypted: the string, or the base64 of the bytes. */
  String encoded();

  boolean binary();

  /** The value as stored ({@code binary} tells which encoding {@code encoded} has). */
  static SecretValue decoded(boolean binary, String encoded) {
    return binary ? new Binary(Base64.getDecoder().decode(encoded)) : new Text(encoded);
  }

  /** A SecretString. */
  record Text(String value) implements SecretValue {
    @Override
    public String encoded() {
      return value;
    }

    @Override
    public boolean binary() {
      return false;
    }

    @Override
    public String toString() {
      return "Text[<redacted>]";
    }
  }

  /** A SecretBinary. */
  record Binary(byte[] bytes) implements SecretValue {
    public Binary {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public String encoded() {
      return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean binary() {
      return true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Binary b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Binary[<" + bytes.length + " bytes>]";
    }
  }
}
