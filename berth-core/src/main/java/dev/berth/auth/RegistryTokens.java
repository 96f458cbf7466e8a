package dev.berth.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.AccountId;
import dev.berth.model.RegistryId;
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
 *
 * <p>Download tokens, the credential in a {@code GetDownloadUrlForLayer} URL, have the same form
 * with a claim {@code d} naming the one blob ({@code <account>/<region>/<repository>@<digest>}) and
 * a MAC over {@code "download\n" + base64url(json)}: one never verifies as the other (issue 9, item
 * 2).
 */
public final class RegistryTokens {
  /** How long a token from {@code GetAuthorizationToken} works, as in ECR. */
  public static final Duration VALIDITY = Duration.ofHours(12);

  /**
   * How long a layer download URL works: short, like the presigned link ECR answers with, and
   * checked when the download starts (a download under way is not cut off).
   */
  public static final Duration DOWNLOAD_VALIDITY = Duration.ofMinutes(10);

  private static final String LOGIN = "";
  private static final String DOWNLOAD = "download\n";
  private static final String PUBLIC = "public\n";
  private static final String ANONYMOUS = "anonymous\n";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private static final int MAX_CACHED = 10_000;

  private final SecretKeySpec key;
  private final Clock clock;

  /** Tokens already verified (signature and claims), so a pull's many requests verify once. */
  private final Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

  private final PageTokens pages;

  public RegistryTokens(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
    this.pages = new PageTokens(mac("berth page token v1"));
  }

  /**
   * The paging tokens of this node's listings, under a key derived from this one (and so from the
   * master key) for that purpose only.
   */
  public PageTokens pages() {
    return pages;
  }

  /** A token and when it stops working. */
  public record Issued(String token, Instant expiresAt) {}

  public Issued issue(Principal principal, Duration validity) {
    Instant expires = clock.instant().plus(validity);
    return new Issued(sign(claims(principal, expires), LOGIN), expires);
  }

  /**
   * An ECR Public login token ({@code aws ecr-public get-login-password}): good on the public
   * registry host only, never as a private registry's password.
   */
  public Issued issuePublic(Principal principal, Duration validity) {
    Instant expires = clock.instant().plus(validity);
    return new Issued(sign(claims(principal, expires), PUBLIC), expires);
  }

  /** The principal of an ECR Public login token; {@code UNAUTHORIZED} for any other token. */
  public Principal verifyPublic(String token) {
    return check(token, PUBLIC, "").principal();
  }

  /**
   * A bearer token of the public host's token service for a client without credentials: it names
   * nobody and grants only what anyone may do (pull public images).
   */
  public Issued issueAnonymous(Duration validity) {
    Instant expires = clock.instant().plus(validity);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("e", expires.getEpochSecond());
    return new Issued(sign(claims, ANONYMOUS), expires);
  }

  /** Whether {@code token} is an unexpired anonymous bearer token this node's key signed. */
  public boolean isAnonymous(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, mac(ANONYMOUS + token.substring(0, dot)))) {
        return false;
      }
      JsonNode claims = Json.mapper().readTree(DECODER.decode(token.substring(0, dot)));
      return !Instant.ofEpochSecond(claims.path("e").asLong()).isBefore(clock.instant());
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The claims every token carries: who, and until when. */
  private static Map<String, Object> claims(Principal principal, Instant expires) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("a", principal.account().value());
    claims.put("r", principal.arn());
    claims.put("n", principal.name());
    claims.put("k", principal.accessKeyId());
    claims.put("t", principal.type().name());
    claims.put("s", principal.sourceArn());
    claims.put("e", expires.getEpochSecond());
    return claims;
  }

  /**
   * A download token: good only for reading the blob {@code digest} of {@code repository} in {@code
   * registry}, as {@code principal}, for {@code validity}; never as a login password.
   */
  public Issued issueDownload(
      Principal principal,
      RegistryId registry,
      String repository,
      String digest,
      Duration validity) {
    Instant expires = clock.instant().plus(validity);
    Map<String, Object> claims = claims(principal, expires);
    claims.put("d", blob(registry, repository, digest));
    return new Issued(sign(claims, DOWNLOAD), expires);
  }

  /**
   * The principal of a download token for exactly this blob; {@code UNAUTHORIZED} when forged,
   * malformed, expired, a login token, or issued for another blob, repository or account.
   */
  public Principal verifyDownload(
      String token, RegistryId registry, String repository, String digest) {
    return check(token, DOWNLOAD, blob(registry, repository, digest)).principal();
  }

  private static String blob(RegistryId registry, String repository, String digest) {
    return registry.account().value() + "/" + registry.region() + "/" + repository + "@" + digest;
  }

  private String sign(Map<String, Object> claims, String purpose) {
    String payload = ENCODER.encodeToString(Json.write(claims));
    return payload + "." + ENCODER.encodeToString(mac(purpose + payload));
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
    Verified v = check(token, LOGIN, "");
    if (verified.size() > MAX_CACHED) {
      verified.clear();
    }
    verified.put(token, v);
    return v.principal();
  }

  /** A verified token: who, and until when. */
  private record Verified(Principal principal, Instant expiresAt) {}

  /** Verifies a token of {@code purpose} whose {@code d} claim is {@code blob} (empty: none). */
  private Verified check(String token, String purpose, String blob) {
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
    if (!MessageDigest.isEqual(signature, mac(purpose + payload))) {
      throw invalid();
    }
    JsonNode claims;
    try {
      claims = Json.mapper().readTree(DECODER.decode(payload));
    } catch (IOException | IllegalArgumentException e) {
      throw invalid();
    }
    if (!claims.path("d").asText().equals(blob)) {
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
