package dev.berth.auth;

import dev.berth.common.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives SigV4 signing keys ({@code HMAC chain over date, region, service, aws4_request}) and
 * keeps the most recently used ones, keyed by a hash of the secret and the scope.
 */
final class SigningKeys {
  private static final String HMAC = "HmacSHA256";
  private static final int CAPACITY = 256;

  private record CacheKey(String secretSha256, String date, String region, String service) {}

  private final Map<CacheKey, byte[]> cache =
      new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, byte[]> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The signing key of the secret for the scope (callers must not modify the array). */
  byte[] signingKey(String secretAccessKey, CredentialScope scope) {
    CacheKey key =
        new CacheKey(sha256Hex(secretAccessKey), scope.date(), scope.region(), scope.service());
    synchronized (cache) {
      byte[] cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    byte[] derived = derive(secretAccessKey, scope);
    synchronized (cache) {
      cache.put(key, derived);
    }
    return derived;
  }

  static byte[] derive(String secretAccessKey, CredentialScope scope) {
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope.date());
    key = hmac(key, scope.region());
    key = hmac(key, scope.service());
    return hmac(key, CredentialScope.TERMINATOR);
  }

  /** {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256 of the canonical request>}. */
  static String stringToSign(String amzDate, CredentialScope scope, String canonicalRequest) {
    return AuthParameters.ALGORITHM
        + '\n'
        + amzDate
        + '\n'
        + scope.scope()
        + '\n'
        + sha256Hex(canonicalRequest);
  }

  /** The lower-case hex signature of the string to sign. */
  static String signature(byte[] signingKey, String stringToSign) {
    return HexFormat.of().formatHex(hmac(signingKey, stringToSign));
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + HMAC, e);
    }
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(Hashing.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
