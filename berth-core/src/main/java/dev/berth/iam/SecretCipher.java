package dev.berth.iam;

import dev.berth.common.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts access-key secrets with AES-256-GCM under a master key kept in {@code <data>/master.key}
 * (mode 0600, created at first start). Ciphertext layout: 12-byte nonce, then GCM output.
 */
public final class SecretCipher {
  private static final int NONCE = 12;
  private final SecretKeySpec key;

  SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("master key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** Loads the master key file, creating it with a fresh random key when absent. */
  public static SecretCipher fromKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.write(file, Ids.randomBytes(32), StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException raced) {
          // another process created it first; read theirs
        }
      }
      return new SecretCipher(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read master key " + file, e);
    }
  }

  /** A key for another purpose derived from the master key (HMAC-SHA256 of the purpose). */
  public byte[] deriveKey(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public byte[] encrypt(String secret) {
    byte[] nonce = Ids.randomBytes(NONCE);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("failed to encrypt secret", e);
    }
  }

  public String decrypt(byte[] ciphertext) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ciphertext, 0, NONCE));
      return new String(
          c.doFinal(ciphertext, NONCE, ciphertext.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("failed to decrypt secret (wrong master key?)", e);
    }
  }
}
