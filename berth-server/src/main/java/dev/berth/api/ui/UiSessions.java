package dev.berth.api.ui;

import dev.berth.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's browser sessions, in memory (a restart signs everyone out). Ids and CSRF tokens are
 * 256 random bits; a session lives at most {@link #LIFETIME} and never past its credential's own
 * expiry. The map is keyed by a hash of the id, so lookups do not compare secrets.
 */
final class UiSessions {
  /** The longest a session lasts; signing in again starts a new one. */
  static final Duration LIFETIME = Duration.ofHours(1);

  /** Sessions beyond this make sign-in purge expired ones first, then refuse. */
  private static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, UiSession> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  UiSessions(Clock clock) {
    this.clock = clock;
  }

  /** Starts a session for the principal, ending at {@code min(now + LIFETIME, notAfter)}. */
  UiSession create(Principal principal, Optional<Instant> notAfter) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
    }
    if (sessions.size() >= MAX_SESSIONS) {
      throw new IllegalStateException("too many browser sessions on this node");
    }
    Instant end = now.plus(LIFETIME);
    if (notAfter.isPresent() && notAfter.get().isBefore(end)) {
      end = notAfter.get();
    }
    UiSession s = new UiSession(token(), principal, token(), end);
    sessions.put(key(s.id()), s);
    return s;
  }

  /** The live session with this id; an expired one is dropped. */
  Optional<UiSession> find(String id) {
    String key = key(id);
    UiSession s = sessions.get(key);
    if (s == null) {
      return Optional.empty();
    }
    if (!s.expiresAt().isAfter(clock.instant())) {
      sessions.remove(key);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  void remove(String id) {
    sessions.remove(key(id));
  }

  /** 32 random bytes, base64url without padding. */
  static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Compares two secrets in time independent of where they differ (and of their lengths). */
  static boolean same(String a, String b) {
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  private static String key(String id) {
    return Base64.getEncoder().encodeToString(sha256(id));
  }

  private static byte[] sha256(String s) {
    return dev.berth.common.Hashing.sha256().digest(s.getBytes(StandardCharsets.UTF_8));
  }
}
