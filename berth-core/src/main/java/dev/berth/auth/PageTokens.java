package dev.berth.auth;

import dev.berth.common.Ids;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-proof paging tokens ({@code nextToken}, the catalog's {@code last}): the position
 * in a listing encrypted with AES-256-GCM, the binding (who lists what: operation, caller, account,
 * repository) as associated data, so a token reveals nothing and opens only for the same listing by
 * the same caller. Layout: {@code base64url(12-byte nonce || ciphertext || tag)}. Thread-safe.
 */
public final class PageTokens {
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  /** {@code key}: 32 bytes, derived from the node's master key for this purpose only. */
  public PageTokens(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("page token key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A token for {@code position} in the listing named by {@code binding}. */
  public String seal(String binding, String position) {
    byte[] nonce = Ids.randomBytes(NONCE);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(position.getBytes(StandardCharsets.UTF_8));
      return ENCODER.encodeToString(
          ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("failed to seal page token", e);
    }
  }

  /**
   * The position a token of the same {@code binding} holds; empty when it is malformed, tampered
   * with, or was issued for another listing or caller.
   */
  public Optional<String> open(String binding, String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < NONCE + TAG_BITS / 8) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE));
      c.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
      return Optional.of(
          new String(c.doFinal(raw, NONCE, raw.length - NONCE), StandardCharsets.UTF_8));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("failed to open page token", e);
    }
  }
}
