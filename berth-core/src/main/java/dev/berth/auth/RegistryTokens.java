package dev.berth.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Registry tokens, the password of {@code docker login -u AWS}: a self-contained, HMAC-signed
 * statement of the principal and an expiry, verified without a database round trip. Format: {@code
 * base64url(json) "." base64url(hmac-sha256(key, base64url(json)))}.
 */
public final class RegistryTokens {
  /** How long a token from {@code GetAuthorizationToken} works, as in ECR. */
  public static final Duration VALIDITY = Duration.ofHours(12);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private static final int MAX_CACHED = 10_000;

  private final SecretKeySpec key;
  private final Clock clock;

  /** Tokens already verified (signature and claims), so a pull's many requests verify once. */
  private final Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

  public RegistryTokens(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
  }

  /** A token and when it stops working. */
  public record Issued(String token, Instant expiresAt) {}

  public Issued issue(Principal principal, Duration validity) {
    Instant expires = clock.instant().plus(validity);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("a", principal.account().value());
    claims.put("r", principal.arn());
    claims.put("n", principal.name());
    claims.put("k", principal.accessKeyId());
    claims.put("t", principal.type().name());
    claims.put("s", principal.sourceArn());
    claims.put("e", expires.getEpochSecond());
    String payload = ENCODER.encodeToString(Json.write(claims));
    return new Issued(payload + "." + ENCODER.encodeToString(mac(payload)), expires);
  }

  /** The token's principal; {@code UNAUTHORIZED} when forged, malformed or expired. */
  public Principal verify(String token) {
    Verified cached = verified.get(token);
    if (cached != null) {
      if (cached.expiresAt().isBefore(clock.instant())) {
        verified.remove(token);
        throw expired();
      }
      return cached.principal();
    }
    Verified v = check(token);
    if (verified.size() > MAX_CACHED) {
      verified.clear();
    }
    verified.put(token, v);
    return v.principal();
  }

  /** A verified token: who, and until when. */
  private record Verified(Principal principal, Instant expiresAt) {}

  private Verified check(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      throw invalid();
    }
    String payload = token.substring(0, dot);
    byte[] signature;
    try {
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!MessageDigest.isEqual(signature, mac(payload))) {
      throw invalid();
    }
    JsonNode claims;
    try {
      claims = Json.mapper().readTree(DECODER.decode(payload));
    } catch (IOException | IllegalArgumentException e) {
      throw invalid();
    }
    Instant expires = Instant.ofEpochSecond(claims.path("e").asLong());
    if (expires.isBefore(clock.instant())) {
      throw expired();
    }
    try {
      return new Verified(
          new Principal(
              new AccountId(claims.path("a").asText()),
              claims.path("r").asText(),
              claims.path("n").asText(),
              claims.path("k").asText(),
              Principal.Type.valueOf(claims.path("t").asText()),
              claims.path("s").asText()),
          expires);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static RegistryException expired() {
    return new RegistryException(
        ErrorKind.UNAUTHORIZED,
        "Your authorization token has expired. Reauthenticate and try again.");
  }

  private static RegistryException invalid() {
    return new RegistryException(
        ErrorKind.UNAUTHORIZED,
        "Your authorization token is invalid. Reauthenticate and try again.");
  }
}
